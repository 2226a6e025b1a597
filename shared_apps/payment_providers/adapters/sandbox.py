"""The sandbox provider: the adapter the platform calls, talking to the local sandbox gateway
(sandbox_gateway.py) as the real adapters talk to theirs. Credentials: secrets["secret"] (the
per-company key that signs notifications), merchant_id, merchant_name."""
from __future__ import annotations

import hmac
import json
from collections.abc import Mapping
from datetime import datetime

from django.conf import settings
from django.urls import reverse

from .. import sandbox_gateway as gateway
from ..checks import check_fresh, fen_from_int, lower_headers, require_currency, require_headers, unix_timestamp
from ..interface import (
    BadSignature,
    MalformedNotification,
    Notification,
    NotificationKind,
    PaymentRequest,
    PaymentStart,
    PaymentState,
    PaymentStatus,
    ProviderConfig,
    RefundRequest,
    RefundState,
    RefundStatus,
    TransferRequest,
    TransferState,
    TransferStatus,
)
from ..models import SandboxStatus

_PAYMENT = {SandboxStatus.PENDING: PaymentStatus.PENDING, SandboxStatus.SUCCEEDED: PaymentStatus.SUCCEEDED,
            SandboxStatus.FAILED: PaymentStatus.FAILED}
_REFUND = {SandboxStatus.PENDING: RefundStatus.PENDING, SandboxStatus.SUCCEEDED: RefundStatus.SUCCEEDED,
           SandboxStatus.FAILED: RefundStatus.FAILED}
_TRANSFER = {SandboxStatus.PENDING: TransferStatus.PENDING, SandboxStatus.SUCCEEDED: TransferStatus.SUCCEEDED,
             SandboxStatus.FAILED: TransferStatus.FAILED}


def pay_page_url(payment_id: str) -> str:
    """The hosted pay page, on the platform host."""
    from tenants.models import site_url

    return site_url(settings.PLATFORM_DOMAIN) + reverse("sandbox-pay", args=[payment_id], urlconf="config.urls_public")


class SandboxProvider:
    name = "sandbox"
    REQUIRED_SECRETS = ("secret",)

    def __init__(self, config: ProviderConfig, transport=None):
        self.config = config
        self._secret = config.secret("secret")
        self._merchant_id = config.sub_merchant_id or config.merchant_id or f"sandbox-{config.company_id}"

    def _merchant(self):
        return gateway.ensure_merchant(merchant_id=self._merchant_id, secret=self._secret,
                                       name=self.config.merchant_name, company_id=self.config.company_id)

    def _known_merchant(self):
        return gateway.known_merchant(merchant_id=self._merchant_id, secret=self._secret)

    def create_payment(self, request: PaymentRequest) -> PaymentStart:
        payment = gateway.create_payment(
            merchant=self._merchant(), reference=request.reference, amount_fen=request.amount_fen,
            currency=request.currency, description=request.description, notify_url=request.notify_url,
            return_url=request.return_url)
        url = pay_page_url(payment.id)
        return PaymentStart(provider_payment_id=payment.id, redirect_url=url, qr_code_url=url)

    def query_payment(self, *, reference: str) -> PaymentState:
        payment = gateway.find_payment(merchant=self._known_merchant(), reference=reference)
        return PaymentState(reference=payment.reference, provider_payment_id=payment.id,
                            status=_PAYMENT[payment.status], amount_fen=payment.amount_fen,
                            currency=payment.currency, paid_at=payment.paid_at)

    def refund(self, request: RefundRequest) -> RefundState:
        refund = gateway.create_refund(
            merchant=self._merchant(), payment_reference=request.payment_reference, reference=request.refund_reference,
            amount_fen=request.amount_fen, reason=request.reason, notify_url=request.notify_url)
        return self._refund_state(refund)

    def query_refund(self, *, refund_reference: str, payment_reference: str = "") -> RefundState:
        return self._refund_state(gateway.find_refund(merchant=self._known_merchant(), reference=refund_reference))

    @staticmethod
    def _refund_state(refund) -> RefundState:
        return RefundState(refund_reference=refund.reference, provider_refund_id=refund.id,
                           status=_REFUND[refund.status], amount_fen=refund.amount_fen)

    def transfer(self, request: TransferRequest) -> TransferState:
        transfer = gateway.create_transfer(
            merchant=self._merchant(), reference=request.reference, amount_fen=request.amount_fen,
            payee_kind=str(request.payee.kind), payee_account=request.payee.account, payee_name=request.payee.name,
            description=request.description, notify_url=request.notify_url)
        return self._transfer_state(transfer)

    def query_transfer(self, *, reference: str) -> TransferState:
        return self._transfer_state(gateway.find_transfer(merchant=self._known_merchant(), reference=reference))

    @staticmethod
    def _transfer_state(transfer) -> TransferState:
        return TransferState(reference=transfer.reference, provider_transfer_id=transfer.id,
                             status=_TRANSFER[transfer.status], amount_fen=transfer.amount_fen,
                             failure_reason=transfer.failure_reason)

    def verify_notification(self, *, headers: Mapping[str, str], body: bytes | str) -> Notification:
        """Signature first (HMAC over timestamp, nonce and the raw body), then the clock, then the
        content. Nothing in the body is believed before the signature holds."""
        raw = body.encode() if isinstance(body, str) else bytes(body)
        found = lower_headers(headers)
        timestamp, nonce, event_id, sent = require_headers(
            found, gateway.HEADER_TIMESTAMP, gateway.HEADER_NONCE, gateway.HEADER_EVENT_ID, gateway.HEADER_SIGNATURE)
        expected = gateway.signature(self._secret, timestamp, nonce, raw)
        if not hmac.compare_digest(expected, sent):
            raise BadSignature("sandbox: the signature does not match the body")
        check_fresh(unix_timestamp(timestamp))
        try:
            data = json.loads(raw)
        except ValueError:
            raise MalformedNotification("sandbox: the body is not JSON") from None
        if not isinstance(data, dict) or data.get("id") != event_id:
            raise MalformedNotification("sandbox: the event id in the body and the header differ")
        try:
            kind = NotificationKind(data.get("kind"))
        except ValueError:
            raise MalformedNotification(f"sandbox: unknown event kind {data.get('kind')!r}") from None
        reference = data.get("reference")
        if not isinstance(reference, str) or not reference:
            raise MalformedNotification("sandbox: no reference")
        occurred = data.get("occurred_at")
        try:
            occurred_at = datetime.fromisoformat(occurred) if isinstance(occurred, str) else None
        except ValueError:
            raise MalformedNotification("sandbox: occurred_at is not a date-time") from None
        return Notification(
            provider=self.name, event_id=event_id, kind=kind, reference=reference,
            amount_fen=fen_from_int(data.get("amount_fen")), currency=require_currency(data.get("currency")),
            provider_id=str(data.get("provider_id", "")), payment_reference=str(data.get("payment_reference", "")),
            occurred_at=occurred_at, raw=data)

    def acknowledgement(self) -> tuple[int, str, bytes]:
        return 200, "application/json", b'{"received":true}'
