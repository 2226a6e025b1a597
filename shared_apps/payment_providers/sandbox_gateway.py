"""The sandbox payment gateway: what a real gateway does on its side, run locally.

It keeps its own records (models.py), shows a hosted pay page (views.py), and tells the merchant
what happened by signed notifications, sent later by Celery (tasks.py) with retries; on request it
repeats them, sends them out of order, or fails. Behaviours are asked for by markers in a payment's
(refund's, transfer's) description or reason, or by the options on the pay page:

    [sandbox:repeat]        every notification is delivered three times (same event id and body)
    [sandbox:out-of-order]  a payment's declined first attempt is notified after its success
    [sandbox:fail]          the payment is declined / the refund or transfer fails

A notification: POST to the notify URL, JSON body, headers Doorstep-Sandbox-Timestamp (unix
seconds), -Nonce, -Event-Id and -Signature = "v1=" + hex HMAC-SHA256(secret,
"<timestamp>\\n<nonce>\\n<body>\\n"), with the merchant's per-company sandbox secret. Any 2xx answer
is delivered; anything else is retried with backoff up to SANDBOX_NOTIFY_MAX_ATTEMPTS.

This is a simulated outside service, not a platform service: its writes are the gateway's records and
go to no change log (the platform's own services record theirs).
"""
from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from shared_apps.core.queries import insert_unless_taken

from . import locks
from .interface import GatewayError, NotificationKind
from .models import (
    DeliveryStatus,
    SandboxDelivery,
    SandboxDeliveryAttempt,
    SandboxMerchant,
    SandboxPayment,
    SandboxRefund,
    SandboxStatus,
    SandboxTransfer,
)

REPEAT, OUT_OF_ORDER, FAIL = "repeat", "out-of-order", "fail"
BEHAVIOURS = (REPEAT, OUT_OF_ORDER, FAIL)
_MARKER = re.compile(r"\[sandbox:([a-z-]+)\]")
REPEAT_COPIES = 3

HEADER_TIMESTAMP = "Doorstep-Sandbox-Timestamp"
HEADER_NONCE = "Doorstep-Sandbox-Nonce"
HEADER_SIGNATURE = "Doorstep-Sandbox-Signature"
HEADER_EVENT_ID = "Doorstep-Sandbox-Event-Id"


def behaviours_in(text: str) -> list[str]:
    return sorted({name for name in _MARKER.findall(text or "") if name in BEHAVIOURS})


def without_markers(text: str) -> str:
    return _MARKER.sub("", text or "").strip()


def signature(secret: str, timestamp: str, nonce: str, body: bytes) -> str:
    message = timestamp.encode() + b"\n" + nonce.encode() + b"\n" + body + b"\n"
    return "v1=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signed_headers(secret: str, event_id: str, body: bytes, *, at: int | None = None) -> dict[str, str]:
    timestamp = str(int(timezone.now().timestamp()) if at is None else at)
    nonce = secrets.token_hex(16)
    return {
        "Content-Type": "application/json",
        HEADER_TIMESTAMP: timestamp,
        HEADER_NONCE: nonce,
        HEADER_EVENT_ID: event_id,
        HEADER_SIGNATURE: signature(secret, timestamp, nonce, body),
    }


def _delay() -> float:
    return float(getattr(settings, "SANDBOX_NOTIFY_DELAY_SECONDS", 2.0))


def _after_commit(task, *args, countdown: float) -> None:
    transaction.on_commit(lambda: task.apply_async(args=args, countdown=max(countdown, 0)))


def check_notify_url(url: str) -> str:
    """The sandbox posts only to this platform's own hosts (loopback, `*.localhost`, the platform
    domain and its subdomains, SANDBOX_NOTIFY_HOSTS): it must never become a way to call out."""
    from urllib.parse import urlsplit

    parts = urlsplit(url or "")
    host = (parts.hostname or "").lower()
    domain = settings.PLATFORM_DOMAIN.lower()
    allowed = set(getattr(settings, "SANDBOX_NOTIFY_HOSTS", []))
    local = host in ("localhost", "127.0.0.1", "::1") or host.endswith(".localhost") or host.startswith("127.")
    if parts.scheme not in ("http", "https") or not host or not (
            local or host == domain or host.endswith("." + domain) or host in allowed):
        raise GatewayError(f"sandbox: notify URL {url!r} is not a host of this platform")
    return url


# -- merchants ------------------------------------------------------------------------------------

def ensure_merchant(*, merchant_id: str, secret: str, name: str, company_id: int | None) -> SandboxMerchant:
    """The merchant's account at the gateway, opened on first use. A call with another secret is
    refused, as a gateway refuses a request signed with the wrong key."""
    if not merchant_id or not secret:
        raise GatewayError("sandbox: merchant id and secret are required")
    merchant = SandboxMerchant.objects.filter(merchant_id=merchant_id).first()
    if merchant is None:
        try:
            with transaction.atomic():
                return SandboxMerchant.objects.create(merchant_id=merchant_id, secret=secret, name=name or merchant_id,
                                                      company_id=company_id)
        except IntegrityError:
            merchant = SandboxMerchant.objects.get(merchant_id=merchant_id)
    if not hmac.compare_digest(merchant.secret, secret):
        raise GatewayError("sandbox: the merchant's key does not match")
    if name and merchant.name != name:
        SandboxMerchant.objects.filter(pk=merchant.pk).update(name=name)
        merchant.name = name
    return merchant


def known_merchant(*, merchant_id: str, secret: str) -> SandboxMerchant:
    """The merchant for a query, without opening an account (a read writes nothing)."""
    merchant = SandboxMerchant.objects.filter(merchant_id=merchant_id).first()
    if merchant is None or not hmac.compare_digest(merchant.secret, secret):
        raise GatewayError("sandbox: unknown merchant or wrong key")
    return merchant


# -- payments -------------------------------------------------------------------------------------

def create_payment(*, merchant: SandboxMerchant, reference: str, amount_fen: int, currency: str, description: str,
                   notify_url: str, return_url: str) -> SandboxPayment:
    """A payment waiting for the customer on the hosted page. The same reference with the same
    amount returns the existing payment (a retried create); with another amount it is refused."""
    if currency != "CNY":
        raise GatewayError(f"sandbox: currency {currency!r} is not supported")
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or amount_fen <= 0:
        raise GatewayError("sandbox: the amount must be a positive whole number of fen")
    check_notify_url(notify_url)
    payment = SandboxPayment(merchant=merchant, reference=reference, amount_fen=amount_fen, currency=currency,
                             description=description[:256], notify_url=notify_url, return_url=return_url,
                             behaviours=behaviours_in(description))
    if insert_unless_taken(payment, conflict=("merchant", "reference")):  # one round trip, the usual case
        return payment
    existing = SandboxPayment.objects.get(merchant=merchant, reference=reference)
    if existing.amount_fen != amount_fen:
        raise GatewayError("sandbox: this reference was already used with another amount")
    return existing


PAY, DECLINE, CANCEL = "pay", "fail", "cancel"


@transaction.atomic
def payer_acts(*, payment_id: str, action: str, extra_behaviours: list[str] | tuple = ()) -> SandboxPayment:
    """What the customer pressed on the hosted page. Pay (declined with [sandbox:fail]) and Fail
    settle the payment and notify; Cancel leaves it waiting and notifies nothing, as gateways do."""
    payment = locks.lock_sandbox_payment(payment_id)
    if payment is None:
        raise GatewayError("sandbox: no such payment")
    if action == CANCEL or payment.status != SandboxStatus.PENDING:
        return payment
    behaviours = sorted(set(payment.behaviours) | {b for b in extra_behaviours if b in BEHAVIOURS})
    succeeded = action == PAY and FAIL not in behaviours
    now = timezone.now()
    payment.status = SandboxStatus.SUCCEEDED if succeeded else SandboxStatus.FAILED
    payment.paid_at = now if succeeded else None
    payment.behaviours = behaviours
    payment.save(update_fields=["status", "paid_at", "behaviours"])
    events = []
    if succeeded and OUT_OF_ORDER in behaviours:
        # The first attempt was declined a moment earlier; its notice arrives after the success's.
        events.append((NotificationKind.PAYMENT_FAILED, now - timedelta(seconds=30), 1.5))
    kind = NotificationKind.PAYMENT_SUCCEEDED if succeeded else NotificationKind.PAYMENT_FAILED
    events.append((kind, now, 0.0))
    for kind, occurred_at, lag in events:
        _notify(merchant=payment.merchant, kind=kind, subject_id=payment.id, url=payment.notify_url,
                behaviours=behaviours, lag=lag, payload={
                    "reference": payment.reference, "payment_reference": payment.reference,
                    "provider_id": payment.id, "amount_fen": payment.amount_fen, "currency": payment.currency,
                    "occurred_at": occurred_at.isoformat()})
    return payment


# -- refunds --------------------------------------------------------------------------------------

@transaction.atomic
def create_refund(*, merchant: SandboxMerchant, payment_reference: str, reference: str, amount_fen: int,
                  reason: str, notify_url: str) -> SandboxRefund:
    """A refund of a paid payment, full or partial; settled later by finish_refund (tasks.py). The
    refunds of one payment never exceed it. A retried refund (same reference) returns the first."""
    payment_row = SandboxPayment.objects.filter(merchant=merchant, reference=payment_reference).first()
    payment = locks.lock_sandbox_payment(payment_row.pk) if payment_row else None
    if payment is None:
        raise GatewayError("sandbox: no such payment")
    existing = payment.refunds.filter(reference=reference).first()
    if existing is not None:
        if existing.amount_fen != amount_fen:
            raise GatewayError("sandbox: this refund reference was already used with another amount")
        return existing
    check_notify_url(notify_url)
    if payment.status != SandboxStatus.SUCCEEDED:
        raise GatewayError("sandbox: the payment is not paid")
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or amount_fen <= 0:
        raise GatewayError("sandbox: the amount must be a positive whole number of fen")
    refunded = payment.refunds.exclude(status=SandboxStatus.FAILED).aggregate(total=Sum("amount_fen"))["total"] or 0
    if refunded + amount_fen > payment.amount_fen:
        raise GatewayError(f"sandbox: refunds would exceed the payment ({refunded} + {amount_fen} > "
                           f"{payment.amount_fen} fen)")
    refund = SandboxRefund.objects.create(
        payment=payment, reference=reference, amount_fen=amount_fen, reason=reason[:256], notify_url=notify_url,
        behaviours=sorted(set(behaviours_in(reason)) | ({REPEAT} & set(payment.behaviours))))
    from .tasks import finish_sandbox_refund

    _after_commit(finish_sandbox_refund, refund.id, countdown=_delay())
    return refund


@transaction.atomic
def finish_refund(*, refund_id: str) -> SandboxRefund | None:
    refund = locks.lock_sandbox_refund(refund_id)
    if refund is None or refund.status != SandboxStatus.PENDING:
        return refund
    succeeded = FAIL not in refund.behaviours
    refund.status = SandboxStatus.SUCCEEDED if succeeded else SandboxStatus.FAILED
    refund.finished_at = timezone.now()
    refund.save(update_fields=["status", "finished_at"])
    _notify(merchant=refund.payment.merchant, subject_id=refund.id, url=refund.notify_url,
            kind=NotificationKind.REFUND_SUCCEEDED if succeeded else NotificationKind.REFUND_FAILED,
            behaviours=refund.behaviours, payload={
                "reference": refund.reference, "payment_reference": refund.payment.reference,
                "provider_id": refund.id, "amount_fen": refund.amount_fen, "currency": refund.payment.currency,
                "occurred_at": refund.finished_at.isoformat()})
    return refund


# -- transfers ------------------------------------------------------------------------------------

def create_transfer(*, merchant: SandboxMerchant, reference: str, amount_fen: int, payee_kind: str,
                    payee_account: str, payee_name: str, description: str, notify_url: str) -> SandboxTransfer:
    """Money to a person (a worker's withdrawal); settled later by finish_transfer (tasks.py)."""
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or amount_fen <= 0:
        raise GatewayError("sandbox: the amount must be a positive whole number of fen")
    check_notify_url(notify_url)
    existing = SandboxTransfer.objects.filter(merchant=merchant, reference=reference).first()
    if existing is not None:
        if existing.amount_fen != amount_fen:
            raise GatewayError("sandbox: this transfer reference was already used with another amount")
        return existing
    with transaction.atomic():
        transfer = SandboxTransfer.objects.create(
            merchant=merchant, reference=reference, amount_fen=amount_fen, payee_kind=payee_kind,
            payee_account=payee_account[:64], payee_name=payee_name[:100], description=description[:256],
            notify_url=notify_url, behaviours=behaviours_in(description))
        from .tasks import finish_sandbox_transfer

        _after_commit(finish_sandbox_transfer, transfer.id, countdown=_delay())
    return transfer


@transaction.atomic
def finish_transfer(*, transfer_id: str) -> SandboxTransfer | None:
    transfer = locks.lock_sandbox_transfer(transfer_id)
    if transfer is None or transfer.status != SandboxStatus.PENDING:
        return transfer
    succeeded = FAIL not in transfer.behaviours
    transfer.status = SandboxStatus.SUCCEEDED if succeeded else SandboxStatus.FAILED
    transfer.failure_reason = "" if succeeded else "PAYEE_ACCOUNT_ABNORMAL"
    transfer.finished_at = timezone.now()
    transfer.save(update_fields=["status", "failure_reason", "finished_at"])
    _notify(merchant=transfer.merchant, subject_id=transfer.id, url=transfer.notify_url,
            kind=NotificationKind.TRANSFER_SUCCEEDED if succeeded else NotificationKind.TRANSFER_FAILED,
            behaviours=transfer.behaviours, payload={
                "reference": transfer.reference, "provider_id": transfer.id, "amount_fen": transfer.amount_fen,
                "currency": "CNY",
                "failure_reason": transfer.failure_reason, "occurred_at": transfer.finished_at.isoformat()})
    return transfer


# -- notifications --------------------------------------------------------------------------------

def _notify(*, merchant: SandboxMerchant, kind: NotificationKind, subject_id: str, url: str, behaviours: list[str],
            payload: dict, lag: float = 0.0) -> list[SandboxDelivery]:
    """One event, delivered once (three times with repeat), `lag` seconds after the usual delay."""
    event_id = "evt_" + secrets.token_hex(12)
    body = json.dumps({"id": event_id, "kind": str(kind), "merchant_id": merchant.merchant_id, **payload},
                      separators=(",", ":"), sort_keys=True)
    copies = REPEAT_COPIES if REPEAT in behaviours else 1
    from .tasks import deliver_sandbox_notification

    deliveries = []
    for copy in range(copies):
        delivery = SandboxDelivery.objects.create(merchant=merchant, event_id=event_id, kind=str(kind),
                                                  subject_id=subject_id, url=url, body=body, copy=copy)
        _after_commit(deliver_sandbox_notification, delivery.pk, countdown=_delay() + lag + 0.5 * copy)
        deliveries.append(delivery)
    return deliveries


def notification_transport():
    from .transport import UrllibTransport

    return UrllibTransport(timeout=5)


def deliver(*, delivery_id: int, transport=None) -> SandboxDelivery | None:
    """Send one delivery now (signed afresh) and record the attempt. Returns the delivery; its
    status stays pending when the receiver did not answer 2xx (the task retries)."""
    from .transport import HttpRequest

    delivery = SandboxDelivery.objects.select_related("merchant").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return delivery
    body = delivery.body.encode()
    request = HttpRequest("POST", delivery.url, signed_headers(delivery.merchant.secret, delivery.event_id, body), body)
    status_code, error = None, ""
    try:
        response = (transport or notification_transport()).send(request)
        status_code = response.status
    except GatewayError as exc:
        error = str(exc)[:300]
    with transaction.atomic():
        row = locks.lock_sandbox_delivery(delivery_id)
        if row is None or row.status != DeliveryStatus.PENDING:
            return row
        SandboxDeliveryAttempt.objects.create(delivery=row, status_code=status_code, error=error)
        row.attempts += 1
        if status_code is not None and 200 <= status_code < 300:
            row.status, row.delivered_at = DeliveryStatus.DELIVERED, timezone.now()
        elif row.attempts >= int(getattr(settings, "SANDBOX_NOTIFY_MAX_ATTEMPTS", 6)):
            row.status = DeliveryStatus.GAVE_UP
        row.save(update_fields=["status", "attempts", "delivered_at"])
        return row


# -- queries (the gateway's query API) ------------------------------------------------------------

def find_payment(*, merchant: SandboxMerchant, reference: str) -> SandboxPayment:
    payment = SandboxPayment.objects.filter(merchant=merchant, reference=reference).first()
    if payment is None:
        raise GatewayError("sandbox: no such payment")
    return payment


def find_refund(*, merchant: SandboxMerchant, reference: str) -> SandboxRefund:
    refund = SandboxRefund.objects.filter(payment__merchant=merchant, reference=reference).first()
    if refund is None:
        raise GatewayError("sandbox: no such refund")
    return refund


def find_transfer(*, merchant: SandboxMerchant, reference: str) -> SandboxTransfer:
    transfer = SandboxTransfer.objects.filter(merchant=merchant, reference=reference).first()
    if transfer is None:
        raise GatewayError("sandbox: no such transfer")
    return transfer
