"""UnionPay online bank-card payments (gateway 5.1.0, signMethod 01) on `cryptography`: no
maintained Python SDK exists. Every request and answer is a form; its signature is
base64(RSA-SHA256(sign key, hex(SHA-256("k1=v1&k2=v2..." sorted, without `signature`)))).

Credentials: merchant_id (merId; PARTNER mode: the platform's acquirer-side merId with the company's
as sub_merchant_id, sent as subMerId), secrets sign_key (PEM private key), sign_cert_id (the serial
of its certificate, decimal), unionpay_public_key (PEM: the key UnionPay signs with; production
takes it from the signPubKeyCert after checking it against UnionPay's root, kept in the
credentials). Notifications carry no send time of their own: traceTime (MMDDhhmmss, Beijing) is the
time UnionPay processed the message and must be within five minutes.
"""
from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from datetime import datetime
from urllib.parse import parse_qsl, urlencode

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from ..checks import BEIJING, beijing_now, check_fresh, fen_from_digits
from ..interface import (
    BadSignature,
    GatewayError,
    MalformedNotification,
    MissingHeader,
    Notification,
    NotificationKind,
    PayeeKind,
    PaymentRequest,
    PaymentStart,
    PaymentState,
    PaymentStatus,
    RefundRequest,
    RefundState,
    RefundStatus,
    TransferRequest,
    TransferState,
    TransferStatus,
    UnsupportedOperation,
)
from ..transport import HttpRequest
from .base import GatewayAdapter

VERSION = "5.1.0"
CNY_CODE = "156"
_OK = {"00", "A6"}
_PENDING = {"03", "04", "05"}


def string_to_sign(fields: Mapping[str, str]) -> bytes:
    plain = "&".join(f"{key}={fields[key]}" for key in sorted(fields) if key != "signature")
    return hashlib.sha256(plain.encode("utf-8")).hexdigest().encode("ascii")


def sign_fields(fields: Mapping[str, str], private_key) -> str:
    return base64.b64encode(private_key.sign(string_to_sign(fields), padding.PKCS1v15(), hashes.SHA256())).decode()


def verify_fields(fields: Mapping[str, str], public_key) -> bool:
    try:
        signature = base64.b64decode(fields.get("signature", ""), validate=True)
        public_key.verify(signature, string_to_sign(fields), padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError):
        return False
    return True


class UnionPayProvider(GatewayAdapter):
    name = "unionpay"
    DEFAULT_GATEWAY = "https://gateway.95516.com/gateway/api"
    REQUIRED_SECRETS = ("sign_key", "sign_cert_id", "unionpay_public_key")

    def __init__(self, config, transport=None):
        super().__init__(config, transport)
        try:
            self._private_key = serialization.load_pem_private_key(config.secret("sign_key").encode(), None)
            self._public_key = serialization.load_pem_public_key(config.secret("unionpay_public_key").encode())
        except ValueError as exc:
            raise GatewayError(f"unionpay: cannot load the keys: {exc}") from exc

    def _fields(self, txn_type: str, sub_type: str, biz_type: str, **extra: str) -> dict[str, str]:
        fields = {"version": VERSION, "encoding": "UTF-8", "signMethod": "01", "txnType": txn_type,
                  "txnSubType": sub_type, "bizType": biz_type, "channelType": "08", "accessType": "0",
                  "merId": self.config.merchant_id, "certId": self.config.secret("sign_cert_id"),
                  "txnTime": beijing_now().strftime("%Y%m%d%H%M%S")}
        if self.partner:
            fields.update(accessType="1", subMerId=self.config.sub_merchant_id,
                          subMerName=self.config.merchant_name[:40], subMerAbbr=self.config.merchant_name[:16])
        fields.update({key: value for key, value in extra.items() if value != ""})
        return fields

    def signed(self, fields: dict[str, str]) -> dict[str, str]:
        return {**fields, "signature": sign_fields(fields, self._private_key)}

    def _call(self, endpoint: str, fields: dict[str, str]) -> dict[str, str]:
        body = urlencode(self.signed(fields)).encode()
        response = self.transport.send(HttpRequest(
            "POST", f"{self.gateway}/{endpoint}",
            {"Content-Type": "application/x-www-form-urlencoded;charset=UTF-8"}, body))
        if not 200 <= response.status < 300:
            raise GatewayError(f"unionpay {endpoint}: HTTP {response.status}")
        answer = dict(parse_qsl(response.text, keep_blank_values=True))
        if not verify_fields(answer, self._public_key):
            raise GatewayError(f"unionpay {endpoint}: the answer's signature does not verify")
        return answer

    def create_payment(self, request: PaymentRequest) -> PaymentStart:
        """A front-end consumption: the customer's browser posts these signed fields to UnionPay."""
        if request.currency != "CNY":
            raise GatewayError("unionpay: CNY only")
        fields = self._fields("01", "01", "000201", orderId=request.reference, txnAmt=str(request.amount_fen),
                              currencyCode=CNY_CODE, frontUrl=request.return_url, backUrl=request.notify_url,
                              orderDesc=request.description[:32])
        return PaymentStart(provider_payment_id="", redirect_url=f"{self.gateway}/frontTransReq.do",
                            form_fields=self.signed(fields))

    def query_payment(self, *, reference: str) -> PaymentState:
        answer = self._call("queryTrans.do", self._fields("00", "00", "000000", orderId=reference,
                                                          txnTime=self._order_time(reference)))
        code = answer.get("origRespCode", "")
        status = PaymentStatus.SUCCEEDED if code in _OK else (
            PaymentStatus.PENDING if code in _PENDING or not code else PaymentStatus.FAILED)
        return PaymentState(reference=reference, provider_payment_id=answer.get("queryId", ""), status=status,
                            amount_fen=fen_from_digits(answer.get("txnAmt", "0")))

    def _order_time(self, reference: str) -> str:
        # UnionPay identifies an order by (orderId, txnTime): references start with their time.
        return reference[:14] if reference[:14].isdigit() and len(reference) >= 14 else beijing_now().strftime(
            "%Y%m%d%H%M%S")

    def refund(self, request: RefundRequest) -> RefundState:
        answer = self._call("backTransReq.do", self._fields(
            "04", "00", "000201", orderId=request.refund_reference, origQryId=request.provider_payment_id,
            txnAmt=str(request.amount_fen), currencyCode=CNY_CODE, backUrl=request.notify_url))
        status = RefundStatus.PENDING if answer.get("respCode") in _OK else RefundStatus.FAILED
        return RefundState(refund_reference=request.refund_reference, provider_refund_id=answer.get("queryId", ""),
                           status=status, amount_fen=request.amount_fen)

    def query_refund(self, *, refund_reference: str, payment_reference: str = "") -> RefundState:
        answer = self._call("queryTrans.do", self._fields("00", "00", "000000", orderId=refund_reference,
                                                          txnTime=self._order_time(refund_reference)))
        code = answer.get("origRespCode", "")
        status = RefundStatus.SUCCEEDED if code in _OK else (
            RefundStatus.PENDING if code in _PENDING or not code else RefundStatus.FAILED)
        return RefundState(refund_reference=refund_reference, provider_refund_id=answer.get("queryId", ""),
                           status=status, amount_fen=fen_from_digits(answer.get("txnAmt", "0")))

    def transfer(self, request: TransferRequest) -> TransferState:
        """代付 to a bank card (txnType 12)."""
        if request.payee.kind != PayeeKind.BANK_CARD:
            raise UnsupportedOperation("unionpay: transfers go to a bank card only")
        answer = self._call("backTransReq.do", self._fields(
            "12", "00", "000401", orderId=request.reference, txnAmt=str(request.amount_fen), currencyCode=CNY_CODE,
            accNo=request.payee.account, customerInfo=base64.b64encode(
                ("{customerNm=" + request.payee.name + "}").encode()).decode(), backUrl=request.notify_url))
        status = TransferStatus.PENDING if answer.get("respCode") in _OK else TransferStatus.FAILED
        return TransferState(reference=request.reference, provider_transfer_id=answer.get("queryId", ""),
                             status=status, amount_fen=request.amount_fen, failure_reason=answer.get("respMsg", ""))

    def query_transfer(self, *, reference: str) -> TransferState:
        answer = self._call("queryTrans.do", self._fields("00", "00", "000000", orderId=reference,
                                                          txnTime=self._order_time(reference)))
        code = answer.get("origRespCode", "")
        status = TransferStatus.SUCCEEDED if code in _OK else (
            TransferStatus.PENDING if code in _PENDING or not code else TransferStatus.FAILED)
        return TransferState(reference=reference, provider_transfer_id=answer.get("queryId", ""), status=status,
                             amount_fen=fen_from_digits(answer.get("txnAmt", "0")),
                             failure_reason=answer.get("origRespMsg", ""))

    # -- notifications ------------------------------------------------------------------------

    def verify_notification(self, *, headers: Mapping[str, str], body: bytes | str) -> Notification:
        text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
        fields = dict(parse_qsl(text, keep_blank_values=True))
        missing = [name for name in ("signature", "traceTime", "queryId", "txnType") if not fields.get(name)]
        if missing:
            raise MissingHeader(f"unionpay: missing field(s) {', '.join(missing)}")
        if not verify_fields(fields, self._public_key):
            raise BadSignature("unionpay: the signature does not match the fields")
        check_fresh(_trace_time(fields["traceTime"]))
        if fields.get("merId") != self.config.merchant_id:
            raise MalformedNotification(f"unionpay: the notification is for merchant {fields.get('merId')!r}")
        if fields.get("currencyCode", CNY_CODE) != CNY_CODE:
            raise MalformedNotification(f"unionpay: currency code {fields.get('currencyCode')!r}")
        reference = fields.get("orderId", "")
        if not reference:
            raise MalformedNotification("unionpay: no orderId")
        ok = fields.get("respCode") in _OK
        kinds = {"01": (NotificationKind.PAYMENT_SUCCEEDED, NotificationKind.PAYMENT_FAILED),
                 "04": (NotificationKind.REFUND_SUCCEEDED, NotificationKind.REFUND_FAILED),
                 "12": (NotificationKind.TRANSFER_SUCCEEDED, NotificationKind.TRANSFER_FAILED)}
        if fields["txnType"] not in kinds:
            raise MalformedNotification(f"unionpay: txnType {fields['txnType']!r} is not handled")
        kind = kinds[fields["txnType"]][0 if ok else 1]
        event_id = f"{fields['queryId']}:{fields['txnType']}:{fields.get('respCode', '')}"
        return Notification(provider=self.name, event_id=event_id,
                            kind=kind, reference=reference, amount_fen=fen_from_digits(fields.get("txnAmt")),
                            currency="CNY", provider_id=fields["queryId"],
                            payment_reference=reference if fields["txnType"] == "01" else "",
                            occurred_at=_trace_time(fields["traceTime"]), raw=fields)

    def acknowledgement(self) -> tuple[int, str, bytes]:
        return 200, "text/plain", b"ok"


def _trace_time(value: str) -> datetime:
    """MMDDhhmmss in Beijing time; the year is the one that puts it nearest to now (New Year)."""
    if len(value) != 10 or not value.isdigit():
        raise MalformedNotification(f"unionpay: traceTime {value!r} is not MMDDhhmmss")
    now = beijing_now()
    candidates = []
    for year in (now.year - 1, now.year, now.year + 1):
        try:
            candidates.append(datetime.strptime(f"{year}{value}", "%Y%m%d%H%M%S").replace(tzinfo=BEIJING))
        except ValueError:
            continue
    if not candidates:
        raise MalformedNotification(f"unionpay: traceTime {value!r} is not a date")
    return min(candidates, key=lambda moment: abs((moment - now).total_seconds()))
