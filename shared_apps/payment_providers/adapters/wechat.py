"""WeChat Pay API v3 with `wechatpayv3` 2.x: the library signs requests (build_authorization),
verifies WeChat's signatures and decrypts AES-GCM resources; our transport carries the HTTP.

Credentials (ProviderConfig.secrets): private_key (the merchant's API key, PKCS#8 PEM),
cert_serial_no (its certificate's serial), apiv3_key (32 characters), and the platform's key: either
platform_public_key + platform_public_key_id (WeChat's public-key mode) or platform_cert_dir (a
directory of platform certificates). merchant_id/app_id are the merchant's (OWN) or the partner's
(PARTNER, then sub_merchant_id is the company's sub_mchid).

What the library does not do, the adapter does: refuse a callback whose timestamp is more than five
minutes old or ahead; refuse a serial it does not know before the library would download
certificates; turn the library's exception on a missing signature-type header into MissingHeader.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from urllib.parse import quote, urlencode

from wechatpayv3.core import Core
from wechatpayv3.utils import build_authorization, rsa_encrypt

from ..checks import check_fresh, fen_from_int, lower_headers, require_currency, require_headers, unix_timestamp
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
from ..transport import HttpRequest, HttpResponse
from .base import GatewayAdapter

_TRADE = {"SUCCESS": PaymentStatus.SUCCEEDED, "REFUND": PaymentStatus.SUCCEEDED, "NOTPAY": PaymentStatus.PENDING,
          "USERPAYING": PaymentStatus.PENDING, "CLOSED": PaymentStatus.CLOSED, "REVOKED": PaymentStatus.CLOSED,
          "PAYERROR": PaymentStatus.FAILED}
_REFUND = {"SUCCESS": RefundStatus.SUCCEEDED, "PROCESSING": RefundStatus.PENDING, "CLOSED": RefundStatus.FAILED,
           "ABNORMAL": RefundStatus.FAILED}
_TRANSFER_DONE = {"SUCCESS": TransferStatus.SUCCEEDED, "FAIL": TransferStatus.FAILED,
                  "CANCELLED": TransferStatus.FAILED}
SIGNATURE_HEADERS = ("Wechatpay-Timestamp", "Wechatpay-Nonce", "Wechatpay-Signature", "Wechatpay-Serial")


class WeChatPayProvider(GatewayAdapter):
    name = "wechat"
    DEFAULT_GATEWAY = "https://api.mch.weixin.qq.com"
    REQUIRED_SECRETS = ("private_key", "cert_serial_no", "apiv3_key")

    def __init__(self, config, transport=None):
        super().__init__(config, transport)
        public_key = config.secrets.get("platform_public_key") or None
        public_key_id = config.secrets.get("platform_public_key_id") or None
        cert_dir = config.secrets.get("platform_cert_dir") or None
        if not public_key and not cert_dir:
            raise GatewayError("wechat: give platform_public_key(+_id) or platform_cert_dir, or the library "
                               "would download certificates")
        if cert_dir and not public_key:
            import os

            if not os.path.isdir(cert_dir) or not any(n.lower().endswith(".pem") for n in os.listdir(cert_dir)):
                raise GatewayError(f"wechat: no platform certificate in {cert_dir}")
        try:
            self.core = Core(mchid=config.merchant_id, cert_serial_no=config.secret("cert_serial_no"),
                             private_key=config.secret("private_key"), apiv3_key=config.secret("apiv3_key"),
                             cert_dir=cert_dir, public_key=public_key, public_key_id=public_key_id)
        except GatewayError:
            raise
        except Exception as exc:  # the library raises bare Exception on bad keys or no certificate
            raise GatewayError(f"wechat: {exc}") from exc
        self.core._gate_way = self.gateway

    # -- HTTP ---------------------------------------------------------------------------------

    def _known_serial(self, serial: str) -> bool:
        if self.core._public_key_id and serial == self.core._public_key_id:
            return True
        try:
            number = int(serial, 16)
        except ValueError:
            return False
        return any(cert.serial_number == number for cert in self.core._certificates)

    def _platform_serial(self) -> str:
        if self.core._public_key_id:
            return self.core._public_key_id
        return hex(self.core._certificates[-1].serial_number)[2:].upper()

    def _platform_key(self):
        if self.core._public_key is not None:
            return self.core._public_key
        return self.core._certificates[-1].public_key()

    def _call(self, method: str, path: str, data: dict | None = None, *, serial_header: bool = False) -> dict:
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")) if data is not None else ""
        headers = {
            "Accept": "application/json",
            "Content-Type": "application/json",
            "Authorization": build_authorization(path, method, self.config.merchant_id,
                                                 self.config.secret("cert_serial_no"), self.core._private_key,
                                                 data=body),
        }
        if serial_header or self.core._public_key_id:
            headers["Wechatpay-Serial"] = self._platform_serial()
        response = self.transport.send(HttpRequest(method, self.gateway + path, headers, body.encode()))
        if not 200 <= response.status < 300:
            raise GatewayError(f"wechat {method} {path}: {response.status} {response.text[:300]}")
        self._verify_response(response)
        return self.json_of(response) if response.body else {}

    def _verify_response(self, response: HttpResponse) -> None:
        headers = lower_headers(response.headers)
        serial = headers.get("wechatpay-serial", "")
        if not serial or not self._known_serial(serial):
            raise GatewayError("wechat: the answer is signed by a key we do not know")
        try:
            valid = self.core._verify_signature(headers, response.text)
        except Exception as exc:
            raise GatewayError(f"wechat: cannot verify the answer: {exc}") from exc
        if not valid:
            raise GatewayError("wechat: the answer's signature does not verify")

    def _merchant_fields(self) -> dict:
        if self.partner:
            fields = {"sp_appid": self.config.app_id, "sp_mchid": self.config.merchant_id,
                      "sub_mchid": self.config.sub_merchant_id}
            if self.config.sub_app_id:
                fields["sub_appid"] = self.config.sub_app_id
            return fields
        return {"appid": self.config.app_id, "mchid": self.config.merchant_id}

    def _merchant_query(self) -> str:
        if self.partner:
            return urlencode({"sp_mchid": self.config.merchant_id, "sub_mchid": self.config.sub_merchant_id})
        return urlencode({"mchid": self.config.merchant_id})

    # -- payments -----------------------------------------------------------------------------

    def create_payment(self, request: PaymentRequest) -> PaymentStart:
        """A Native payment: WeChat answers a code_url the customer scans (or opens in WeChat)."""
        path = "/v3/pay/partner/transactions/native" if self.partner else "/v3/pay/transactions/native"
        data = {**self._merchant_fields(), "description": request.description[:127],
                "out_trade_no": request.reference, "notify_url": request.notify_url,
                "amount": {"total": request.amount_fen, "currency": request.currency}}
        if request.expires_at:
            data["time_expire"] = request.expires_at.isoformat(timespec="seconds")
        answer = self._call("POST", path, data)
        if not answer.get("code_url"):
            raise GatewayError("wechat: no code_url in the answer")
        return PaymentStart(provider_payment_id="", qr_code_url=answer["code_url"])

    def query_payment(self, *, reference: str) -> PaymentState:
        base = "/v3/pay/partner/transactions" if self.partner else "/v3/pay/transactions"
        answer = self._call("GET", f"{base}/out-trade-no/{quote(reference, safe='')}?{self._merchant_query()}")
        amount = answer.get("amount") or {}
        paid = answer.get("success_time")
        return PaymentState(reference=reference, provider_payment_id=answer.get("transaction_id", ""),
                            status=_TRADE.get(answer.get("trade_state"), PaymentStatus.PENDING),
                            amount_fen=int(amount.get("total", 0)), currency=amount.get("currency", "CNY"),
                            paid_at=datetime.fromisoformat(paid) if paid else None)

    # -- refunds ------------------------------------------------------------------------------

    def refund(self, request: RefundRequest) -> RefundState:
        data = {"out_trade_no": request.payment_reference, "out_refund_no": request.refund_reference,
                "notify_url": request.notify_url,
                "amount": {"refund": request.amount_fen, "total": request.payment_amount_fen,
                           "currency": request.currency}}
        if request.reason:
            data["reason"] = request.reason[:80]
        if self.partner:
            data["sub_mchid"] = self.config.sub_merchant_id
        return self._refund_state(self._call("POST", "/v3/refund/domestic/refunds", data))

    def query_refund(self, *, refund_reference: str, payment_reference: str = "") -> RefundState:
        query = f"?{urlencode({'sub_mchid': self.config.sub_merchant_id})}" if self.partner else ""
        return self._refund_state(
            self._call("GET", f"/v3/refund/domestic/refunds/{quote(refund_reference, safe='')}{query}"))

    @staticmethod
    def _refund_state(answer: dict) -> RefundState:
        return RefundState(refund_reference=answer.get("out_refund_no", ""),
                           provider_refund_id=answer.get("refund_id", ""),
                           status=_REFUND.get(answer.get("status"), RefundStatus.PENDING),
                           amount_fen=int((answer.get("amount") or {}).get("refund", 0)))

    # -- transfers (商家转账, to a WeChat user) -----------------------------------------------

    def transfer(self, request: TransferRequest) -> TransferState:
        if request.payee.kind != PayeeKind.WECHAT:
            raise UnsupportedOperation("wechat: transfers go to a WeChat openid only")
        data = {"appid": self.config.app_id, "out_bill_no": request.reference,
                "transfer_scene_id": self.config.secrets.get("transfer_scene_id", "1005"),
                "openid": request.payee.account, "transfer_amount": request.amount_fen,
                "transfer_remark": request.description[:32], "notify_url": request.notify_url,
                "transfer_scene_report_infos": [{"info_type": "岗位类型", "info_content": "服务人员"},
                                                {"info_type": "报酬说明", "info_content": "服务报酬提现"}]}
        if request.payee.name and request.amount_fen >= 200_000:  # the real name is required from 2,000 yuan
            data["user_name"] = rsa_encrypt(request.payee.name, self._platform_key())
        answer = self._call("POST", "/v3/fund-app/mch-transfer/transfer-bills", data, serial_header=True)
        return self._transfer_state(answer, request.amount_fen)

    def query_transfer(self, *, reference: str) -> TransferState:
        answer = self._call("GET", f"/v3/fund-app/mch-transfer/transfer-bills/out-bill-no/{quote(reference, safe='')}")
        return self._transfer_state(answer, int(answer.get("transfer_amount", 0)))

    @staticmethod
    def _transfer_state(answer: dict, amount_fen: int) -> TransferState:
        return TransferState(reference=answer.get("out_bill_no", ""),
                             provider_transfer_id=answer.get("transfer_bill_no", ""),
                             status=_TRANSFER_DONE.get(answer.get("state"), TransferStatus.PENDING),
                             amount_fen=amount_fen, failure_reason=answer.get("fail_reason", ""))

    # -- notifications ------------------------------------------------------------------------

    def verify_notification(self, *, headers: Mapping[str, str], body: bytes | str) -> Notification:
        text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
        found = lower_headers(headers)
        timestamp, _nonce, _signature, serial = require_headers(found, *SIGNATURE_HEADERS)
        if not self._known_serial(serial):
            # Unknown serial: the library would go and download certificates; a forged callback must
            # not make us call out. Rotated keys arrive through the company's credentials.
            raise BadSignature(f"wechat: unknown platform key serial {serial!r}")
        try:
            valid = self.core._verify_signature(found, text)
        except Exception as exc:  # the library raises on a missing or unknown Wechatpay-Signature-Type
            if not found.get("wechatpay-signature-type"):
                raise MissingHeader("wechat: missing header Wechatpay-Signature-Type") from exc
            raise BadSignature(f"wechat: {exc}") from exc
        if not valid:
            raise BadSignature("wechat: the signature does not match the body")
        check_fresh(unix_timestamp(timestamp))
        try:
            data = self.core.callback(found, text)
        except Exception as exc:
            raise MalformedNotification(f"wechat: {exc}") from exc
        if not data or not isinstance(data.get("resource"), dict):
            raise MalformedNotification("wechat: the resource cannot be decrypted")
        return self._parse(data)

    def _parse(self, data: dict) -> Notification:
        resource, event_type, event_id = data["resource"], data.get("event_type", ""), data.get("id", "")
        if not event_id:
            raise MalformedNotification("wechat: no event id")
        expected_mchid = self.config.sub_merchant_id if self.partner else self.config.merchant_id
        mchid = resource.get("sub_mchid") if self.partner else resource.get("mchid")
        if mchid is not None and mchid != expected_mchid:
            raise MalformedNotification(f"wechat: the notification is for merchant {mchid}, not this company")
        amount = resource.get("amount") or {}
        common = {"provider": self.name, "event_id": event_id, "raw": resource}
        if event_type == "TRANSACTION.SUCCESS":
            if resource.get("trade_state") != "SUCCESS":
                raise MalformedNotification("wechat: TRANSACTION.SUCCESS without trade_state SUCCESS")
            return Notification(kind=NotificationKind.PAYMENT_SUCCEEDED, reference=_text(resource, "out_trade_no"),
                                payment_reference=_text(resource, "out_trade_no"),
                                amount_fen=fen_from_int(amount.get("total")),
                                currency=require_currency(amount.get("currency")),
                                provider_id=resource.get("transaction_id", ""),
                                occurred_at=_when(resource.get("success_time")), **common)
        if event_type.startswith("REFUND."):
            kind = (NotificationKind.REFUND_SUCCEEDED if event_type == "REFUND.SUCCESS"
                    else NotificationKind.REFUND_FAILED)
            return Notification(kind=kind, reference=_text(resource, "out_refund_no"),
                                payment_reference=_text(resource, "out_trade_no"),
                                amount_fen=fen_from_int(amount.get("refund")),
                                currency=require_currency(amount.get("currency", "CNY")),
                                provider_id=resource.get("refund_id", ""),
                                occurred_at=_when(resource.get("success_time")), **common)
        if event_type == "MCHTRANSFER.BILL.FINISHED":
            status = _TRANSFER_DONE.get(resource.get("state"))
            if status is None:
                raise MalformedNotification(f"wechat: transfer state {resource.get('state')!r}")
            kind = (NotificationKind.TRANSFER_SUCCEEDED if status == TransferStatus.SUCCEEDED
                    else NotificationKind.TRANSFER_FAILED)
            return Notification(kind=kind, reference=_text(resource, "out_bill_no"),
                                amount_fen=fen_from_int(resource.get("transfer_amount")), currency="CNY",
                                provider_id=resource.get("transfer_bill_no", ""),
                                occurred_at=_when(resource.get("update_time")), **common)
        raise MalformedNotification(f"wechat: event type {event_type!r} is not handled")

    def acknowledgement(self) -> tuple[int, str, bytes]:
        return 204, "application/json", b""


def _text(resource: dict, key: str) -> str:
    value = resource.get(key)
    if not isinstance(value, str) or not value:
        raise MalformedNotification(f"wechat: no {key}")
    return value


def _when(value) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
