"""Alipay through python-alipay-sdk (RSA2), with keys made here: requests are signed with the
app's key and carry Beijing time; notifications are verified with Alipay's key and refused when
forged, stale, replayed, malformed or incomplete."""
from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from shared_apps.payment_providers.adapters.alipay import AlipayProvider
from shared_apps.payment_providers.checks import BEIJING
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
    RefundStatus,
    StaleNotification,
    TransferRequest,
    TransferStatus,
)
from shared_apps.payment_providers.transport import HttpResponse
from tests.payment_providers.keys import private_pem, public_pem, rsa_key
from tests.payment_providers.recording import RecordingTransport

APP_ID = "2021000000000001"


def app_key():
    return rsa_key("alipay-app")


def alipay_key():
    return rsa_key("alipay-platform")


def provider(transport=None, mode=AccountMode.OWN) -> AlipayProvider:
    secrets = {"app_private_key": private_pem(app_key()), "alipay_public_key": public_pem(alipay_key())}
    if mode == AccountMode.PARTNER:
        secrets["app_auth_token"] = "202612BB0123456789"
    return AlipayProvider(ProviderConfig(provider="alipay", company_id=7, mode=mode, app_id=APP_ID,
                                         secrets=secrets), transport)


def rsa2(key, message: str) -> str:
    return base64.b64encode(key.sign(message.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()


def beijing(moment: datetime | None = None) -> str:
    return (moment or datetime.now(UTC)).astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def notice(*, key=None, at: datetime | None = None, drop=(), **changes) -> str:
    fields = {"notify_type": "trade_status_sync", "notify_id": f"ac05{uuid.uuid4().hex}", "app_id": APP_ID,
              "charset": "utf-8", "version": "1.0", "sign_type": "RSA2", "trade_no": "2026120322001400001",
              "out_trade_no": "ORD-1001", "trade_status": "TRADE_SUCCESS", "total_amount": "128.00",
              "receipt_amount": "128.00", "subject": "深度保洁", "gmt_payment": beijing(), "notify_time": beijing(at)}
    fields.update(changes)
    unsigned = "&".join(f"{k}={v}" for k, v in sorted(fields.items()) if k not in ("sign", "sign_type"))
    fields["sign"] = rsa2(key or alipay_key(), unsigned)
    for name in drop:
        fields.pop(name)
    return urlencode(fields)


def test_a_genuine_payment_notice_is_verified_and_read():
    body = notice()

    notification = provider().verify_notification(headers={}, body=body.encode())

    assert notification.kind == NotificationKind.PAYMENT_SUCCEEDED
    assert (notification.reference, notification.amount_fen, notification.currency) == ("ORD-1001", 12800, "CNY")
    assert notification.event_id == dict(parse_qsl(body))["notify_id"]


def test_refund_closed_and_transfer_notices_name_their_kind():
    refund = provider().verify_notification(headers={}, body=notice(out_biz_no="RF-1", refund_fee="30.00",
                                                                    gmt_refund=beijing()))
    closed = provider().verify_notification(headers={}, body=notice(trade_status="TRADE_CLOSED"))
    transfer = provider().verify_notification(headers={}, body=notice(
        msg_method="alipay.fund.trans.order.changed", out_trade_no="",
        biz_content=json.dumps({"out_biz_no": "WD-9", "order_id": "2026", "status": "SUCCESS",
                                "trans_amount": "50.00"})))

    assert (refund.kind, refund.reference, refund.payment_reference, refund.amount_fen) == (
        NotificationKind.REFUND_SUCCEEDED, "RF-1", "ORD-1001", 3000)
    assert closed.kind == NotificationKind.PAYMENT_FAILED
    assert (transfer.kind, transfer.reference, transfer.amount_fen) == (
        NotificationKind.TRANSFER_SUCCEEDED, "WD-9", 5000)


def test_a_forged_signature_is_refused():
    with pytest.raises(BadSignature):
        provider().verify_notification(headers={}, body=notice(key=rsa_key("someone-else")))


def test_a_replayed_notice_with_another_notices_signature_is_refused():
    body = dict(parse_qsl(notice()))
    body["sign"] = dict(parse_qsl(notice()))["sign"]

    with pytest.raises(BadSignature):
        provider().verify_notification(headers={}, body=urlencode(body))


def test_a_tampered_amount_is_refused():
    body = dict(parse_qsl(notice()))
    body["total_amount"] = "1.00"

    with pytest.raises(BadSignature):
        provider().verify_notification(headers={}, body=urlencode(body))


@pytest.mark.parametrize("minutes", [-6, 6])
def test_a_notify_time_more_than_five_minutes_away_is_refused_though_signed(minutes):
    body = notice(at=datetime.now(UTC) + timedelta(minutes=minutes))

    with pytest.raises(StaleNotification):
        provider().verify_notification(headers={}, body=body)


def test_a_notify_time_in_utc_instead_of_beijing_time_is_stale():
    """A sender that forgot Beijing time is eight hours off: refused, not silently accepted."""
    body = notice(notify_time=datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"))

    with pytest.raises(StaleNotification):
        provider().verify_notification(headers={}, body=body)


def test_whole_yuan_is_a_valid_amount():
    assert provider().verify_notification(headers={}, body=notice(total_amount="128")).amount_fen == 12800


@pytest.mark.parametrize("amount", ["128.001", "1e2", "-1.00", "", "12,80", "0128.00"])
def test_an_amount_that_is_not_yuan_with_two_decimals_is_refused(amount):
    with pytest.raises(MalformedNotification):
        provider().verify_notification(headers={}, body=notice(total_amount=amount))


def test_a_notice_for_another_app_is_refused():
    with pytest.raises(MalformedNotification):
        provider().verify_notification(headers={}, body=notice(app_id="2021000000009999"))


@pytest.mark.parametrize("missing", ["sign", "sign_type", "notify_time", "notify_id"])
def test_a_missing_signature_field_is_refused_as_missing(missing):
    with pytest.raises(MissingHeader):
        provider().verify_notification(headers={}, body=notice(drop=[missing]))


def test_the_acknowledgement_is_the_word_alipay_expects():
    assert provider().acknowledgement() == (200, "text/plain", b"success")


# -- requests ------------------------------------------------------------------------------------

def assert_signed_by_app(fields: dict) -> None:
    fields = dict(fields)
    signature = fields.pop("sign")
    message = "&".join(f"{k}={v}" for k, v in sorted(fields.items()))
    app_key().public_key().verify(base64.b64decode(signature), message.encode(), padding.PKCS1v15(), hashes.SHA256())


def test_a_payment_redirect_is_signed_and_stamped_in_beijing_time():
    start = provider().create_payment(PaymentRequest(
        reference="ORD-1001", amount_fen=12805, description="深度保洁", notify_url="https://a.example/n",
        return_url="https://a.example/orders/1"))

    parts = urlsplit(start.redirect_url)
    fields = dict(parse_qsl(parts.query))
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://openapi.alipay.com/gateway.do"
    assert fields["method"] == "alipay.trade.wap.pay"
    assert json.loads(fields["biz_content"])["total_amount"] == "128.05"
    stamped = datetime.strptime(fields["timestamp"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=BEIJING)
    assert abs((stamped - datetime.now(UTC)).total_seconds()) < 60
    assert_signed_by_app(fields)


def test_partner_mode_acts_with_the_companys_authorisation():
    start = provider(mode=AccountMode.PARTNER).create_payment(PaymentRequest(
        reference="ORD-2", amount_fen=100, description="x", notify_url="https://a.example/n"))

    fields = dict(parse_qsl(urlsplit(start.redirect_url).query))
    assert fields["app_auth_token"] == "202612BB0123456789"
    assert_signed_by_app(fields)


def signed_answer(method: str, payload: dict, key=None) -> HttpResponse:
    inner = json.dumps(payload, separators=(",", ":"))
    name = method.replace(".", "_") + "_response"
    body = f'{{"{name}":{inner},"sign":"{rsa2(key or alipay_key(), inner)}"}}'
    return HttpResponse(200, {"Content-Type": "application/json"}, body.encode())


def test_a_query_posts_a_signed_form_and_believes_only_a_signed_answer():
    transport = RecordingTransport(signed_answer("alipay.trade.query", {
        "code": "10000", "msg": "Success", "out_trade_no": "ORD-1001", "trade_no": "2026",
        "trade_status": "TRADE_SUCCESS", "total_amount": "128.00"}))

    state = provider(transport).query_payment(reference="ORD-1001")

    assert (state.status, state.amount_fen) == (PaymentStatus.SUCCEEDED, 12800)
    assert_signed_by_app(dict(parse_qsl(transport.sent[0].body.decode())))

    forged = RecordingTransport(signed_answer("alipay.trade.query", {"code": "10000", "trade_status": "TRADE_SUCCESS",
                                                                     "total_amount": "128.00"},
                                              key=rsa_key("someone-else")))
    with pytest.raises(GatewayError):
        provider(forged).query_payment(reference="ORD-1001")


def test_a_partial_refund_and_a_transfer_are_signed_requests_in_yuan():
    transport = RecordingTransport(
        signed_answer("alipay.trade.refund", {"code": "10000", "msg": "Success", "trade_no": "2026",
                                              "fund_change": "Y", "refund_fee": "30.00"}),
        signed_answer("alipay.fund.trans.uni.transfer", {"code": "10000", "msg": "Success", "out_biz_no": "WD-9",
                                                         "order_id": "2026", "status": "SUCCESS"}))
    adapter = provider(transport)

    refund = adapter.refund(RefundRequest(payment_reference="ORD-1001", refund_reference="RF-1", amount_fen=3000,
                                          payment_amount_fen=12800, notify_url="https://a.example/n"))
    transfer = adapter.transfer(TransferRequest(reference="WD-9", amount_fen=5001, description="提现",
                                                payee=Payee(PayeeKind.ALIPAY, "worker@example.com", "王芳"),
                                                notify_url="https://a.example/n"))

    refund_sent, transfer_sent = (dict(parse_qsl(request.body.decode())) for request in transport.sent)
    assert json.loads(refund_sent["biz_content"])["refund_amount"] == "30.00"
    assert json.loads(transfer_sent["biz_content"])["trans_amount"] == "50.01"
    assert json.loads(transfer_sent["biz_content"])["payee_info"]["identity"] == "worker@example.com"
    assert (refund.status, transfer.status) == (RefundStatus.SUCCEEDED, TransferStatus.SUCCEEDED)
    assert_signed_by_app(refund_sent)
    assert_signed_by_app(transfer_sent)
