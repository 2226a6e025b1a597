"""UnionPay on `cryptography`, with keys made here: the form fields are signed as the gateway
(5.1.0, RSA-SHA256 over the SHA-256 hex of the sorted fields) expects, and notifications are refused
when forged, stale, replayed, malformed or incomplete."""
from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode

import pytest

from shared_apps.payment_providers.adapters import unionpay
from shared_apps.payment_providers.adapters.unionpay import UnionPayProvider, sign_fields
from shared_apps.payment_providers.checks import BEIJING
from shared_apps.payment_providers.interface import (
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
)
from shared_apps.payment_providers.transport import HttpResponse
from tests.payment_providers.keys import private_pem, public_pem, rsa_key
from tests.payment_providers.recording import RecordingTransport

MER_ID = "777290058110048"


def merchant_key():
    return rsa_key("unionpay-merchant")


def unionpay_key():
    return rsa_key("unionpay-platform")


def provider(transport=None) -> UnionPayProvider:
    return UnionPayProvider(ProviderConfig(
        provider="unionpay", company_id=7, merchant_id=MER_ID,
        secrets={"sign_key": private_pem(merchant_key()), "sign_cert_id": "69629715588",
                 "unionpay_public_key": public_pem(unionpay_key())}), transport)


def trace_time(moment: datetime | None = None) -> str:
    return (moment or datetime.now(UTC)).astimezone(BEIJING).strftime("%m%d%H%M%S")


def notice(*, key=None, at: datetime | None = None, drop=(), **changes) -> str:
    fields = {"version": "5.1.0", "encoding": "UTF-8", "signMethod": "01", "txnType": "01", "txnSubType": "01",
              "bizType": "000201", "accessType": "0", "merId": MER_ID, "orderId": "20261203210000ORD1001",
              "txnTime": "20261203210000", "txnAmt": "12800", "currencyCode": "156", "queryId": "772012031234567890",
              "respCode": "00", "respMsg": "success", "traceNo": "123456", "traceTime": trace_time(at),
              "settleDate": "1203"}
    fields.update(changes)
    fields["signature"] = sign_fields(fields, key or unionpay_key())
    for name in drop:
        fields.pop(name)
    return urlencode(fields)


def test_a_genuine_payment_notice_is_verified_and_read():
    notification = provider().verify_notification(headers={}, body=notice().encode())

    assert notification.kind == NotificationKind.PAYMENT_SUCCEEDED
    assert (notification.reference, notification.amount_fen, notification.currency) == (
        "20261203210000ORD1001", 12800, "CNY")
    assert notification.event_id == "772012031234567890:01:00"


def test_declines_refunds_and_transfers_name_their_kind():
    declined = provider().verify_notification(headers={}, body=notice(respCode="51"))
    refund = provider().verify_notification(headers={}, body=notice(txnType="04", orderId="RF1", txnAmt="3000",
                                                                    queryId="7720"))
    transfer = provider().verify_notification(headers={}, body=notice(txnType="12", orderId="WD9", txnAmt="5000",
                                                                      queryId="7721", respCode="34"))

    assert declined.kind == NotificationKind.PAYMENT_FAILED
    assert (refund.kind, refund.reference, refund.amount_fen) == (NotificationKind.REFUND_SUCCEEDED, "RF1", 3000)
    assert (transfer.kind, transfer.reference) == (NotificationKind.TRANSFER_FAILED, "WD9")


def test_the_signature_is_rsa_sha256_over_the_hex_digest_of_the_sorted_fields():
    fields = dict(parse_qsl(notice()))

    expected_digest = hashlib.sha256("&".join(
        f"{k}={fields[k]}" for k in sorted(fields) if k != "signature").encode()).hexdigest()
    assert unionpay.string_to_sign(fields) == expected_digest.encode()


def test_a_forged_signature_is_refused():
    with pytest.raises(BadSignature):
        provider().verify_notification(headers={}, body=notice(key=rsa_key("someone-else")))


def test_a_replayed_notice_with_another_notices_signature_is_refused():
    body = dict(parse_qsl(notice()))
    body["signature"] = dict(parse_qsl(notice(queryId="772099")))["signature"]

    with pytest.raises(BadSignature):
        provider().verify_notification(headers={}, body=urlencode(body))


@pytest.mark.parametrize("minutes", [-6, 6])
def test_a_trace_time_more_than_five_minutes_away_is_refused_though_signed(minutes):
    with pytest.raises(StaleNotification):
        provider().verify_notification(headers={}, body=notice(at=datetime.now(UTC) + timedelta(minutes=minutes)))


@pytest.mark.parametrize("amount", ["128.00", "-100", "", "0x10", "012800"])
def test_an_amount_that_is_not_digits_of_fen_is_refused(amount):
    with pytest.raises(MalformedNotification):
        provider().verify_notification(headers={}, body=notice(txnAmt=amount))


def test_another_currency_or_merchant_is_refused():
    with pytest.raises(MalformedNotification):
        provider().verify_notification(headers={}, body=notice(currencyCode="840"))
    with pytest.raises(MalformedNotification):
        provider().verify_notification(headers={}, body=notice(merId="777290058119999"))


@pytest.mark.parametrize("missing", ["signature", "traceTime", "queryId", "txnType"])
def test_a_missing_signature_field_is_refused_as_missing(missing):
    with pytest.raises(MissingHeader):
        provider().verify_notification(headers={}, body=notice(drop=[missing]))


# -- requests ------------------------------------------------------------------------------------

def test_a_payment_is_a_signed_form_for_the_browser_to_post():
    start = provider().create_payment(PaymentRequest(
        reference="20261203210000ORD1001", amount_fen=12800, description="深度保洁",
        notify_url="https://a.example/n", return_url="https://a.example/orders/1"))

    fields = dict(start.form_fields)
    assert start.redirect_url == "https://gateway.95516.com/gateway/api/frontTransReq.do"
    assert (fields["txnAmt"], fields["currencyCode"], fields["merId"], fields["backUrl"]) == (
        "12800", "156", MER_ID, "https://a.example/n")
    assert unionpay.verify_fields(fields, merchant_key().public_key())
    stamped = datetime.strptime(fields["txnTime"], "%Y%m%d%H%M%S").replace(tzinfo=BEIJING)
    assert abs((stamped - datetime.now(UTC)).total_seconds()) < 60


def signed_answer(key=None, **fields) -> HttpResponse:
    fields = {"version": "5.1.0", "respCode": "00", "merId": MER_ID, **fields}
    fields["signature"] = sign_fields(fields, key or unionpay_key())
    return HttpResponse(200, {}, urlencode(fields).encode())


def test_a_query_is_signed_and_believes_only_a_signed_answer():
    transport = RecordingTransport(signed_answer(origRespCode="00", txnAmt="12800", queryId="7720"))

    state = provider(transport).query_payment(reference="20261203210000ORD1001")

    assert (state.status, state.amount_fen) == (PaymentStatus.SUCCEEDED, 12800)
    sent = dict(parse_qsl(transport.sent[0].body.decode()))
    assert (sent["txnType"], sent["orderId"], sent["txnTime"]) == ("00", "20261203210000ORD1001", "20261203210000")
    assert unionpay.verify_fields(sent, merchant_key().public_key())

    forged = RecordingTransport(signed_answer(key=rsa_key("someone-else"), origRespCode="00", txnAmt="12800"))
    with pytest.raises(GatewayError):
        provider(forged).query_payment(reference="20261203210000ORD1001")


def test_a_refund_and_a_card_transfer_are_signed_back_end_requests():
    transport = RecordingTransport(signed_answer(queryId="7720"), signed_answer(queryId="7721"))
    adapter = provider(transport)

    adapter.refund(RefundRequest(payment_reference="20261203210000ORD1001", refund_reference="20261203220000RF1",
                                 amount_fen=3000, payment_amount_fen=12800, notify_url="https://a.example/n",
                                 provider_payment_id="772012031234567890"))
    adapter.transfer(TransferRequest(reference="20261203220000WD9", amount_fen=5000, description="提现",
                                     payee=Payee(PayeeKind.BANK_CARD, "6222020000000000", "王芳"),
                                     notify_url="https://a.example/n"))

    refund, transfer = (dict(parse_qsl(request.body.decode())) for request in transport.sent)
    assert (refund["txnType"], refund["origQryId"], refund["txnAmt"]) == ("04", "772012031234567890", "3000")
    assert (transfer["txnType"], transfer["accNo"], transfer["txnAmt"]) == ("12", "6222020000000000", "5000")
    assert all(request.url.endswith("/backTransReq.do") for request in transport.sent)
    assert unionpay.verify_fields(refund, merchant_key().public_key())
    assert unionpay.verify_fields(transfer, merchant_key().public_key())
