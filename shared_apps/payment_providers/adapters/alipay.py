"""Alipay with `python-alipay-sdk` 3.x (RSA2): the library loads the keys, signs our requests and
verifies Alipay's signatures; the adapter builds each request's common fields itself so the
timestamp is Beijing time (the library would put the server's naive local time, which is UTC here),
and sends through our transport.

Credentials: app_id; secrets app_private_key (PEM), alipay_public_key (PEM); PARTNER mode (the
platform's ISV app acting for the company) adds secrets app_auth_token, the company's authorisation.
Transfers (alipay.fund.trans.uni.transfer) need Alipay's certificate mode in production; the
request shape is the same, the keys are certificate-bound.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from urllib.parse import parse_qsl

from alipay import AliPay
from alipay.exceptions import AliPayException, AliPayValidationError

from ..checks import (
    beijing_now,
    beijing_timestamp,
    check_fresh,
    fen_from_yuan,
    require_currency,
    yuan_from_fen,
)
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

_TRADE = {"TRADE_SUCCESS": PaymentStatus.SUCCEEDED, "TRADE_FINISHED": PaymentStatus.SUCCEEDED,
          "WAIT_BUYER_PAY": PaymentStatus.PENDING, "TRADE_CLOSED": PaymentStatus.CLOSED}
_TRANSFER = {"SUCCESS": TransferStatus.SUCCEEDED, "FAIL": TransferStatus.FAILED, "CLOSED": TransferStatus.FAILED}
REQUIRED_FIELDS = ("sign", "sign_type", "notify_time", "notify_id")


class AlipayProvider(GatewayAdapter):
    name = "alipay"
    DEFAULT_GATEWAY = "https://openapi.alipay.com/gateway.do"
    REQUIRED_SECRETS = ("app_private_key", "alipay_public_key")

    def __init__(self, config, transport=None):
        super().__init__(config, transport)
        if self.partner:
            config.secret("app_auth_token")
        try:
            self.client = AliPay(appid=config.app_id, app_private_key_string=config.secret("app_private_key"),
                                 alipay_public_key_string=config.secret("alipay_public_key"), sign_type="RSA2")
        except Exception as exc:
            raise GatewayError(f"alipay: cannot load the keys: {exc}") from exc

    def _body(self, method: str, biz_content: dict, **extra) -> dict:
        data = self.client.build_body(method, biz_content, **extra)
        data["timestamp"] = beijing_now().strftime("%Y-%m-%d %H:%M:%S")
        if self.partner:
            data["app_auth_token"] = self.config.secret("app_auth_token")
        return data

    def signed_query(self, method: str, biz_content: dict, **extra) -> str:
        return self.client.sign_data(self._body(method, biz_content, **extra))

    def _call(self, method: str, biz_content: dict) -> dict:
        body = self.signed_query(method, biz_content).encode()
        response = self.transport.send(HttpRequest(
            "POST", self.gateway, {"Content-Type": "application/x-www-form-urlencoded;charset=utf-8"}, body))
        if not 200 <= response.status < 300:
            raise GatewayError(f"alipay {method}: HTTP {response.status}")
        try:
            answer = self.client._verify_and_return_sync_response(response.text, method.replace(".", "_") + "_response")
        except AliPayValidationError as exc:
            raise GatewayError(f"alipay {method}: the answer's signature does not verify") from exc
        except (AliPayException, ValueError, AttributeError) as exc:
            raise GatewayError(f"alipay {method}: {exc}") from exc
        if answer.get("code") != "10000":
            raise GatewayError(f"alipay {method}: {answer.get('code')} {answer.get('sub_code', '')} "
                               f"{answer.get('sub_msg', answer.get('msg', ''))}")
        return answer

    # -- payments -----------------------------------------------------------------------------

    def create_payment(self, request: PaymentRequest) -> PaymentStart:
        """Phone website payment (alipay.trade.wap.pay): a signed redirect to Alipay's pay page."""
        biz = {"out_trade_no": request.reference, "total_amount": yuan_from_fen(request.amount_fen),
               "subject": request.description[:256], "product_code": "QUICK_WAP_WAY"}
        if request.return_url:
            biz["quit_url"] = request.return_url
        if request.expires_at:
            biz["time_expire"] = request.expires_at.astimezone(beijing_now().tzinfo).strftime("%Y-%m-%d %H:%M:%S")
        query = self.signed_query("alipay.trade.wap.pay", biz, notify_url=request.notify_url,
                                  return_url=request.return_url)
        return PaymentStart(provider_payment_id="", redirect_url=f"{self.gateway}?{query}")

    def query_payment(self, *, reference: str) -> PaymentState:
        answer = self._call("alipay.trade.query", {"out_trade_no": reference})
        return PaymentState(reference=reference, provider_payment_id=answer.get("trade_no", ""),
                            status=_TRADE.get(answer.get("trade_status"), PaymentStatus.PENDING),
                            amount_fen=fen_from_yuan(answer.get("total_amount", "0")))

    # -- refunds ------------------------------------------------------------------------------

    def refund(self, request: RefundRequest) -> RefundState:
        answer = self._call("alipay.trade.refund", {
            "out_trade_no": request.payment_reference, "refund_amount": yuan_from_fen(request.amount_fen),
            "out_request_no": request.refund_reference, "refund_reason": request.reason[:256]})
        done = answer.get("fund_change") == "Y"
        return RefundState(refund_reference=request.refund_reference, provider_refund_id=answer.get("trade_no", ""),
                           status=RefundStatus.SUCCEEDED if done else RefundStatus.PENDING,
                           amount_fen=request.amount_fen)

    def query_refund(self, *, refund_reference: str, payment_reference: str = "") -> RefundState:
        answer = self._call("alipay.trade.fastpay.refund.query",
                            {"out_trade_no": payment_reference, "out_request_no": refund_reference})
        status = RefundStatus.SUCCEEDED if answer.get("refund_status") == "REFUND_SUCCESS" else RefundStatus.PENDING
        return RefundState(refund_reference=refund_reference, provider_refund_id=answer.get("trade_no", ""),
                           status=status, amount_fen=fen_from_yuan(answer.get("refund_amount", "0")))

    # -- transfers ----------------------------------------------------------------------------

    def transfer(self, request: TransferRequest) -> TransferState:
        if request.payee.kind != PayeeKind.ALIPAY:
            raise UnsupportedOperation("alipay: transfers go to an Alipay account only")
        answer = self._call("alipay.fund.trans.uni.transfer", {
            "out_biz_no": request.reference, "trans_amount": yuan_from_fen(request.amount_fen),
            "product_code": "TRANS_ACCOUNT_NO_PWD", "biz_scene": "DIRECT_TRANSFER",
            "order_title": request.description[:128],
            "payee_info": {"identity": request.payee.account, "identity_type": "ALIPAY_LOGON_ID",
                           "name": request.payee.name}})
        return TransferState(reference=request.reference, provider_transfer_id=answer.get("order_id", ""),
                             status=_TRANSFER.get(answer.get("status"), TransferStatus.PENDING),
                             amount_fen=request.amount_fen)

    def query_transfer(self, *, reference: str) -> TransferState:
        answer = self._call("alipay.fund.trans.common.query", {
            "out_biz_no": reference, "product_code": "TRANS_ACCOUNT_NO_PWD", "biz_scene": "DIRECT_TRANSFER"})
        return TransferState(reference=reference, provider_transfer_id=answer.get("order_id", ""),
                             status=_TRANSFER.get(answer.get("status"), TransferStatus.PENDING),
                             amount_fen=fen_from_yuan(answer.get("trans_amount", "0")),
                             failure_reason=answer.get("fail_reason", ""))

    # -- notifications ------------------------------------------------------------------------

    def verify_notification(self, *, headers: Mapping[str, str], body: bytes | str) -> Notification:
        """Alipay posts a form; the signature is its `sign` field over every other field but
        sign_type, sorted. notify_time (Beijing time) must be within five minutes of now."""
        text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
        fields = dict(parse_qsl(text, keep_blank_values=True))
        missing = [name for name in REQUIRED_FIELDS if not fields.get(name)]
        if missing:
            raise MissingHeader(f"alipay: missing field(s) {', '.join(missing)}")
        sign = fields.pop("sign")
        if fields.get("sign_type") != "RSA2":
            raise BadSignature(f"alipay: sign_type {fields.get('sign_type')!r} is not RSA2")
        try:
            valid = self.client.verify(dict(fields), sign)
        except (AliPayException, ValueError, TypeError) as exc:
            raise BadSignature(f"alipay: {exc}") from exc
        if not valid:
            raise BadSignature("alipay: the signature does not match the fields")
        check_fresh(beijing_timestamp(fields["notify_time"]))
        if fields.get("app_id") != self.config.app_id:
            raise MalformedNotification(f"alipay: the notification is for app {fields.get('app_id')!r}")
        return self._parse(fields)

    def _parse(self, fields: dict) -> Notification:
        common = {"provider": self.name, "event_id": fields["notify_id"], "raw": fields,
                  "occurred_at": beijing_timestamp(fields["notify_time"])}
        if fields.get("msg_method") == "alipay.fund.trans.order.changed":
            try:
                biz = json.loads(fields.get("biz_content", ""))
            except ValueError:
                raise MalformedNotification("alipay: biz_content is not JSON") from None
            status = _TRANSFER.get(biz.get("status"))
            if status is None or not biz.get("out_biz_no"):
                raise MalformedNotification("alipay: transfer notice without status or out_biz_no")
            kind = NotificationKind.TRANSFER_SUCCEEDED if status == TransferStatus.SUCCEEDED \
                else NotificationKind.TRANSFER_FAILED
            return Notification(kind=kind, reference=biz["out_biz_no"],
                                amount_fen=fen_from_yuan(biz.get("trans_amount")),
                                currency="CNY", provider_id=biz.get("order_id", ""), **common)
        require_currency(fields.get("trans_currency", "CNY"))
        reference = fields.get("out_trade_no", "")
        if not reference:
            raise MalformedNotification("alipay: no out_trade_no")
        if fields.get("out_biz_no") and fields.get("refund_fee"):
            # A refund's trade notice: refund_fee is what the trade has had refunded so far.
            return Notification(kind=NotificationKind.REFUND_SUCCEEDED, reference=fields["out_biz_no"],
                                payment_reference=reference, amount_fen=fen_from_yuan(fields["refund_fee"]),
                                currency="CNY", provider_id=fields.get("trade_no", ""), **common)
        status = _TRADE.get(fields.get("trade_status"))
        if status is None or status == PaymentStatus.PENDING:
            raise MalformedNotification(f"alipay: trade_status {fields.get('trade_status')!r} is not handled")
        kind = NotificationKind.PAYMENT_SUCCEEDED if status == PaymentStatus.SUCCEEDED \
            else NotificationKind.PAYMENT_FAILED
        return Notification(kind=kind, reference=reference, payment_reference=reference,
                            amount_fen=fen_from_yuan(fields.get("total_amount")), currency="CNY",
                            provider_id=fields.get("trade_no", ""), **common)

    def acknowledgement(self) -> tuple[int, str, bytes]:
        return 200, "text/plain", b"success"
