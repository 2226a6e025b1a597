"""WeChat Pay API v3 through wechatpayv3, with keys made here: the adapter signs its requests,
verifies answers and callbacks, decrypts their resources, and refuses forged, stale, replayed,
malformed and incomplete callbacks, each with its own error. No network (tests/conftest.py)."""
from __future__ import annotations

import base64
import json
import time
import uuid

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from shared_apps.payment_providers.adapters.wechat import WeChatPayProvider
from shared_apps.payment_providers.interface import (
    AccountMode,
    BadSignature,
    GatewayError,
    MalformedNotification,
    MissingHeader,
    NotificationKind,
    Payee,
    PayeeKind,
    PaymentRequest,
    PaymentStatus,
    ProviderConfig,
    RefundRequest,
    StaleNotification,
    TransferRequest,
    TransferStatus,
    UnsupportedOperation,
)
from shared_apps.payment_providers.transport import HttpResponse
from tests.payment_providers.keys import private_pem, public_pem, rsa_key, self_signed_certificate
from tests.payment_providers.recording import RecordingTransport

APIV3_KEY = "0123456789abcdef0123456789ABCDEF"
MCHID, SUB_MCHID = "1900000001", "1900000109"
MERCHANT_SERIAL = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1"
PUBLIC_KEY_ID = "PUB_KEY_ID_0119000000012024"


def merchant_key():
    return rsa_key("wechat-merchant")


def platform_key():
    return rsa_key("wechat-platform")


def config(mode=AccountMode.OWN, **secrets) -> ProviderConfig:
    base = {"private_key": private_pem(merchant_key()), "cert_serial_no": MERCHANT_SERIAL, "apiv3_key": APIV3_KEY,
            "platform_public_key": public_pem(platform_key()), "platform_public_key_id": PUBLIC_KEY_ID}
    base.update(secrets)
    return ProviderConfig(provider="wechat", company_id=7, mode=mode, merchant_id=MCHID, app_id="wxd678efh567hg6787",
                          sub_merchant_id=SUB_MCHID if mode == AccountMode.PARTNER else "",
                          secrets={k: v for k, v in base.items() if v is not None})


def provider(transport=None, **kwargs) -> WeChatPayProvider:
    return WeChatPayProvider(config(**kwargs), transport)


def sign(key, message: str) -> str:
    return base64.b64encode(key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()


def encrypted(resource: dict, associated_data: str = "transaction") -> dict:
    nonce = uuid.uuid4().hex[:12]
    ciphertext = AESGCM(APIV3_KEY.encode()).encrypt(nonce.encode(), json.dumps(resource).encode(),
                                                     associated_data.encode())
    return {"algorithm": "AEAD_AES_256_GCM", "ciphertext": base64.b64encode(ciphertext).decode(),
            "associated_data": associated_data, "original_type": "transaction", "nonce": nonce}


def paid_resource(**changes) -> dict:
    resource = {"mchid": MCHID, "appid": "wxd678efh567hg6787", "out_trade_no": "ORD-1001",
                "transaction_id": "4200000000202412011234567890", "trade_state": "SUCCESS",
                "success_time": "2026-12-03T21:00:00+08:00",
                "amount": {"total": 12800, "payer_total": 12800, "currency": "CNY", "payer_currency": "CNY"}}
    resource.update(changes)
    return resource


def signed_headers(body: str, *, at: int | None = None, key=None, serial: str = PUBLIC_KEY_ID) -> dict:
    timestamp, nonce = str(int(time.time()) if at is None else at), uuid.uuid4().hex
    return {"Wechatpay-Timestamp": timestamp, "Wechatpay-Nonce": nonce, "Wechatpay-Serial": serial,
            "Wechatpay-Signature": sign(key or platform_key(), f"{timestamp}\n{nonce}\n{body}\n"),
            "Wechatpay-Signature-Type": "WECHATPAY2-SHA256-RSA2048"}


def callback(resource: dict | None = None, event_type: str = "TRANSACTION.SUCCESS", **signing):
    body = json.dumps({"id": f"EV-{uuid.uuid4()}", "create_time": "2026-12-03T21:00:01+08:00",
                       "resource_type": "encrypt-resource", "event_type": event_type, "summary": "支付成功",
                       "resource": encrypted(resource or paid_resource())})
    return signed_headers(body, **signing), body


def test_a_genuine_payment_callback_is_verified_decrypted_and_read():
    headers, body = callback()

    notification = provider().verify_notification(headers=headers, body=body.encode())

    assert notification.kind == NotificationKind.PAYMENT_SUCCEEDED
    assert (notification.reference, notification.amount_fen, notification.currency) == ("ORD-1001", 12800, "CNY")
    assert notification.provider_id == "4200000000202412011234567890"
    assert notification.event_id == json.loads(body)["id"]


def test_django_style_header_names_are_understood():
    headers, body = callback()
    meta = {"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()}

    assert provider().verify_notification(headers=meta, body=body).reference == "ORD-1001"


def test_refund_and_transfer_callbacks_name_their_kind():
    refund = {"mchid": MCHID, "out_trade_no": "ORD-1001", "out_refund_no": "RF-1", "refund_id": "5030",
              "refund_status": "SUCCESS", "amount": {"total": 12800, "refund": 3000, "payer_total": 12800,
                                                     "payer_refund": 3000}}
    transfer = {"mch_id": MCHID, "out_bill_no": "WD-9", "transfer_bill_no": "1330", "state": "FAIL",
                "transfer_amount": 5000, "fail_reason": "PAYEE_ACCOUNT_ABNORMAL"}

    headers, body = callback(refund, "REFUND.SUCCESS")
    got_refund = provider().verify_notification(headers=headers, body=body)
    headers, body = callback(transfer, "MCHTRANSFER.BILL.FINISHED")
    got_transfer = provider().verify_notification(headers=headers, body=body)

    assert (got_refund.kind, got_refund.reference, got_refund.payment_reference, got_refund.amount_fen) == (
        NotificationKind.REFUND_SUCCEEDED, "RF-1", "ORD-1001", 3000)
    assert (got_transfer.kind, got_transfer.reference, got_transfer.amount_fen) == (
        NotificationKind.TRANSFER_FAILED, "WD-9", 5000)


def test_a_forged_signature_is_refused():
    headers, body = callback(key=rsa_key("someone-else"))

    with pytest.raises(BadSignature):
        provider().verify_notification(headers=headers, body=body)


def test_a_replayed_body_under_another_callbacks_signature_is_refused():
    _headers, body = callback()
    other_headers, _other_body = callback()

    with pytest.raises(BadSignature):
        provider().verify_notification(headers=other_headers, body=body)


def test_a_tampered_body_is_refused():
    headers, body = callback()

    with pytest.raises(BadSignature):
        provider().verify_notification(headers=headers, body=body.replace("TRANSACTION.SUCCESS", "REFUND.SUCCESS"))


@pytest.mark.parametrize("offset", [-320, 320])  # clear of the 300 s edge: signing under load takes seconds
def test_a_timestamp_more_than_five_minutes_away_is_refused_though_signed(offset):
    headers, body = callback(at=int(time.time()) + offset)

    with pytest.raises(StaleNotification):
        provider().verify_notification(headers=headers, body=body)


def test_a_timestamp_within_five_minutes_is_accepted():
    headers, body = callback(at=int(time.time()) - 280)

    assert provider().verify_notification(headers=headers, body=body).amount_fen == 12800


@pytest.mark.parametrize("amount", ["12800", 128.0, -1, None, True])
def test_an_amount_that_is_not_whole_fen_is_refused(amount):
    headers, body = callback(paid_resource(amount={"total": amount, "currency": "CNY"}))

    with pytest.raises(MalformedNotification):
        provider().verify_notification(headers=headers, body=body)


def test_another_currency_is_refused():
    headers, body = callback(paid_resource(amount={"total": 12800, "currency": "USD"}))

    with pytest.raises(MalformedNotification):
        provider().verify_notification(headers=headers, body=body)


def test_a_callback_for_another_merchant_is_refused():
    headers, body = callback(paid_resource(mchid="1900000999"))

    with pytest.raises(MalformedNotification):
        provider().verify_notification(headers=headers, body=body)


def test_a_resource_encrypted_with_another_key_is_refused():
    resource = encrypted(paid_resource())
    resource["ciphertext"] = base64.b64encode(AESGCM(b"x" * 32).encrypt(
        resource["nonce"].encode(), b"{}", b"transaction")).decode()
    body = json.dumps({"id": "EV-1", "resource_type": "encrypt-resource", "event_type": "TRANSACTION.SUCCESS",
                       "resource": resource})

    with pytest.raises(MalformedNotification):
        provider().verify_notification(headers=signed_headers(body), body=body)


@pytest.mark.parametrize("missing", ["Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature",
                                     "Wechatpay-Serial", "Wechatpay-Signature-Type"])
def test_a_missing_header_is_refused_as_missing(missing):
    headers, body = callback()
    del headers[missing]

    with pytest.raises(MissingHeader):
        provider().verify_notification(headers=headers, body=body)


def test_an_unknown_key_serial_is_refused_without_fetching_certificates():
    headers, body = callback(serial="PUB_KEY_ID_UNKNOWN")

    with pytest.raises(BadSignature):  # the socket guard would fail the test had the library called out
        provider().verify_notification(headers=headers, body=body)


def test_certificate_mode_reads_a_self_made_platform_certificate_without_downloading(tmp_path):
    serial = 0x7A3B5C9D1E
    (tmp_path / f"{serial:X}.pem").write_text(self_signed_certificate(platform_key(), serial))
    adapter = provider(platform_public_key=None, platform_public_key_id=None, platform_cert_dir=str(tmp_path))
    headers, body = callback(serial=f"{serial:X}")

    assert adapter.verify_notification(headers=headers, body=body).reference == "ORD-1001"


def test_certificate_mode_with_no_certificate_is_a_configuration_error(tmp_path):
    with pytest.raises(GatewayError):
        provider(platform_public_key=None, platform_public_key_id=None, platform_cert_dir=str(tmp_path))


# -- requests ------------------------------------------------------------------------------------

def signed_answer(payload: dict, status: int = 200) -> HttpResponse:
    body = json.dumps(payload)
    return HttpResponse(status, {"Content-Type": "application/json", **signed_headers(body)}, body.encode())


def authorization_fields(header: str) -> dict:
    scheme, _, rest = header.partition(" ")
    assert scheme == "WECHATPAY2-SHA256-RSA2048"
    return dict(part.split("=", 1) for part in rest.replace('"', "").split(","))


def assert_signed_by_merchant(request) -> None:
    fields = authorization_fields(request.headers["Authorization"])
    path = request.url.removeprefix("https://api.mch.weixin.qq.com")
    message = f"{request.method}\n{path}\n{fields['timestamp']}\n{fields['nonce_str']}\n{request.body.decode()}\n"
    merchant_key().public_key().verify(base64.b64decode(fields["signature"]), message.encode(),
                                       padding.PKCS1v15(), hashes.SHA256())
    assert (fields["mchid"], fields["serial_no"]) == (MCHID, MERCHANT_SERIAL)


def test_a_payment_request_is_signed_with_the_merchant_key_and_answers_a_qr_code():
    transport = RecordingTransport(signed_answer({"code_url": "weixin://wxpay/bizpayurl?pr=abc"}))

    start = provider(transport).create_payment(PaymentRequest(
        reference="ORD-1001", amount_fen=12800, description="深度保洁 3 小时",
        notify_url="https://alpha.example/pay/notify/wechat/"))

    assert start.qr_code_url == "weixin://wxpay/bizpayurl?pr=abc"
    request = transport.sent[0]
    assert request.url == "https://api.mch.weixin.qq.com/v3/pay/transactions/native"
    assert json.loads(request.body) == {
        "appid": "wxd678efh567hg6787", "mchid": MCHID, "description": "深度保洁 3 小时", "out_trade_no": "ORD-1001",
        "notify_url": "https://alpha.example/pay/notify/wechat/", "amount": {"total": 12800, "currency": "CNY"}}
    assert_signed_by_merchant(request)


def test_partner_mode_pays_the_company_as_sub_merchant():
    transport = RecordingTransport(signed_answer({"code_url": "weixin://wxpay/bizpayurl?pr=xyz"}))

    provider(transport, mode=AccountMode.PARTNER).create_payment(PaymentRequest(
        reference="ORD-2", amount_fen=100, description="x", notify_url="https://a.example/n"))

    request = transport.sent[0]
    body = json.loads(request.body)
    assert request.url.endswith("/v3/pay/partner/transactions/native")
    assert (body["sp_mchid"], body["sub_mchid"]) == (MCHID, SUB_MCHID)
    assert_signed_by_merchant(request)


def test_a_query_reads_a_signed_answer():
    transport = RecordingTransport(signed_answer({"out_trade_no": "ORD-1001", "transaction_id": "42",
                                                  "trade_state": "SUCCESS", "amount": {"total": 12800}}))

    state = provider(transport).query_payment(reference="ORD-1001")

    assert (state.status, state.amount_fen) == (PaymentStatus.SUCCEEDED, 12800)
    assert transport.sent[0].url.endswith("/v3/pay/transactions/out-trade-no/ORD-1001?mchid=1900000001")
    assert_signed_by_merchant(transport.sent[0])


def test_an_answer_without_a_valid_signature_is_not_believed():
    forged = HttpResponse(200, {"Content-Type": "application/json",
                                **signed_headers('{"trade_state":"SUCCESS"}', key=rsa_key("someone-else"))},
                          b'{"trade_state":"SUCCESS"}')

    with pytest.raises(GatewayError):
        provider(RecordingTransport(forged)).query_payment(reference="ORD-1001")


def test_a_partial_refund_sends_both_amounts():
    transport = RecordingTransport(signed_answer({"out_refund_no": "RF-1", "refund_id": "5030",
                                                  "status": "PROCESSING", "amount": {"refund": 3000}}))

    state = provider(transport).refund(RefundRequest(
        payment_reference="ORD-1001", refund_reference="RF-1", amount_fen=3000, payment_amount_fen=12800,
        notify_url="https://a.example/n", reason="取消订单"))

    assert state.amount_fen == 3000
    assert json.loads(transport.sent[0].body)["amount"] == {"refund": 3000, "total": 12800, "currency": "CNY"}
    assert_signed_by_merchant(transport.sent[0])


def test_a_transfer_to_a_worker_is_signed_names_the_platform_key_and_encrypts_the_real_name():
    transport = RecordingTransport(signed_answer({"out_bill_no": "WD-9", "transfer_bill_no": "1330",
                                                  "state": "ACCEPTED"}))

    state = provider(transport).transfer(TransferRequest(
        reference="WD-9", amount_fen=250_000, payee=Payee(PayeeKind.WECHAT, "o-openid-1", "王芳"),
        description="服务报酬提现", notify_url="https://a.example/n"))

    request = transport.sent[0]
    body = json.loads(request.body)
    assert state.status == TransferStatus.PENDING
    assert request.url.endswith("/v3/fund-app/mch-transfer/transfer-bills")
    assert (body["out_bill_no"], body["openid"], body["transfer_amount"]) == ("WD-9", "o-openid-1", 250_000)
    assert request.headers["Wechatpay-Serial"] == PUBLIC_KEY_ID
    clear = platform_key().decrypt(base64.b64decode(body["user_name"]),
                                   padding.OAEP(mgf=padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA1(), label=None))
    assert clear.decode() == "王芳"
    assert_signed_by_merchant(request)


def test_a_transfer_to_a_bank_card_is_not_a_wechat_operation():
    with pytest.raises(UnsupportedOperation):
        provider(RecordingTransport()).transfer(TransferRequest(
            reference="WD-9", amount_fen=100, payee=Payee(PayeeKind.BANK_CARD, "6222", "王芳"), description="x",
            notify_url="https://a.example/n"))
