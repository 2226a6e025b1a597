"""Taking money for an order: a Payment and the provider's hosted page; the provider's notification
(verified, checked against the payment, processed once per event id, recorded whatever happens);
reconciliation of payments whose notification never came. The ledger postings are made here; what
the order does next is a step orders registers (steps.py).

Lock order: the payment row (locks.lock_payment), then the ledger's accounts (inside its services).
"""
from __future__ import annotations

import hashlib
import logging
import secrets
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.changes.services import record_change
from shared_apps.core.actor import SYSTEM
from shared_apps.core.errors import DomainError
from shared_apps.core.faults import fault_point
from shared_apps.core.queries import insert_unless_taken
from shared_apps.payment_providers.interface import (
    MissingHeader,
    Notification,
    NotificationKind,
    NotificationRejected,
    PaymentRequest,
    ProviderError,
)
from shared_apps.payment_providers.interface import (
    PaymentStatus as ProviderStatus,
)
from tenant_apps.ledger import services as ledger

from .errors import PaymentError
from .locks import lock_payment
from .models import EventOutcome, MoneyEventKind, Payment, PaymentKind, PaymentStatus, ProviderEvent
from .money_events import record_money_event
from .providers import adapter_for, notify_url, provider_name_for
from .steps import lock_order_of, run_payment_settled_steps

BEIJING = ZoneInfo("Asia/Shanghai")
log = logging.getLogger(__name__)


def new_reference(prefix: str = "") -> str:
    """Ours, unique: Beijing date-time first (UnionPay finds an order by it), then 10 random hex."""
    return prefix + timezone.now().astimezone(BEIJING).strftime("%Y%m%d%H%M%S") + secrets.token_hex(5)


def start_payment(*, actor: Any, order_id: int, kind: str, method: str, amount_fen: int, currency: str,
                  description: str, return_url: str) -> Payment:
    """A payment for the order at the provider `method` goes through now, with the page to send the
    customer to. A payment of the same order, kind, method and amount still waiting is reused, so
    pressing Pay twice never asks for the money twice. Expects the order's lock (the caller's)."""
    provider = provider_name_for(method=method)
    # No savepoint of its own: the caller's transaction (the order's lock) is rolled back by any error
    # here, and the provider is asked before the row is written, so the row is written once, pending.
    with transaction.atomic(savepoint=False):
        waiting = (Payment.objects.filter(order_id=order_id, kind=kind, method=method, amount_fen=amount_fen,
                                          status=PaymentStatus.PENDING).exclude(redirect_url="").first())
        if waiting is not None:
            return waiting
        reference = new_reference()
        try:
            start = adapter_for(provider=provider).create_payment(PaymentRequest(
                reference=reference, amount_fen=amount_fen, currency=currency,
                description=description[:120], notify_url=notify_url(provider=provider), return_url=return_url))
        except ProviderError as error:
            raise DomainError(PaymentError.PROVIDER_UNAVAILABLE,
                              _("The payment service did not answer; please try again in a moment."),
                              status=503, extra={"detail": str(error)[:200]}) from error
        payment = Payment.objects.create(order_id=order_id, kind=kind, method=method, provider=provider,
                                         amount_fen=amount_fen, currency=currency, reference=reference,
                                         created_by_id=getattr(actor, "pk", None), status=PaymentStatus.PENDING,
                                         provider_payment_id=start.provider_payment_id[:100],
                                         redirect_url=start.redirect_url or start.qr_code_url)
        record_change(actor=actor, action="payments.payment_started", target_id=payment.pk,
                      data={"order_id": order_id, "kind": kind, "method": method, "amount_fen": amount_fen})
    return payment


# -- notifications in ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Answer:
    """What to answer the provider, and what became of its notification."""

    status: int
    content_type: str
    body: bytes
    outcome: str


def _refusal(outcome: str) -> Answer:
    return Answer(400, "application/json", b'{"received":false,"reason":"' + outcome.encode() + b'"}', outcome)


def receive_notification(*, provider: str, headers: Any, body: bytes) -> Answer:
    """Verify with the adapter (signature, clock, parse), then apply. Every notification leaves a
    ProviderEvent row; a refused one changes nothing else and is answered 400."""
    digest = hashlib.sha256(body).hexdigest()
    try:
        adapter = adapter_for(provider=provider)
        notification = adapter.verify_notification(headers=headers, body=body)
    except NotificationRejected as rejected:
        outcome = {"bad_signature": EventOutcome.REJECTED_SIGNATURE, "stale": EventOutcome.STALE}.get(
            rejected.code, EventOutcome.MALFORMED)
        if isinstance(rejected, MissingHeader):
            outcome = EventOutcome.REJECTED_SIGNATURE
        _record(provider=provider, event_id="", outcome=outcome, digest=digest, detail=str(rejected))
        return _refusal(outcome)
    except ProviderError as error:  # this company has no such provider configured
        _record(provider=provider, event_id="", outcome=EventOutcome.MALFORMED, digest=digest, detail=str(error))
        return _refusal(EventOutcome.MALFORMED)
    outcome = apply_notification(actor=SYSTEM, notification=notification, digest=digest)
    if outcome in (EventOutcome.WRONG_AMOUNT, EventOutcome.UNKNOWN_ORDER):
        return _refusal(outcome)
    status, content_type, answer = adapter.acknowledgement()
    return Answer(status, content_type, answer, outcome)


def _record(*, provider: str, event_id: str, outcome: str, digest: str, detail: str = "", claims: bool = False,
            notification: Notification | None = None, payment: Payment | None = None, refund=None) -> ProviderEvent:
    return ProviderEvent.objects.create(
        provider=provider, event_id=event_id[:100], claims_event=claims, outcome=outcome, body_sha256=digest,
        detail=detail[:300], payment=payment, refund=refund,
        kind=str(notification.kind) if notification else "",
        reference=notification.reference[:64] if notification else "",
        amount_fen=notification.amount_fen if notification else None)


def _claim(*, notification: Notification, digest: str, payment: Payment | None, refund=None) -> ProviderEvent | None:
    """The row that claims this event id, or None when an earlier one holds it (then a duplicate row
    is recorded). Expects the payment's lock, so concurrent copies wait here one after another. One
    INSERT ... ON CONFLICT DO NOTHING on the claim's unique index (no savepoint round trips)."""
    event = ProviderEvent(
        provider=notification.provider, event_id=notification.event_id[:100], claims_event=True,
        outcome=EventOutcome.PROCESSED, body_sha256=digest, payment=payment, refund=refund,
        kind=str(notification.kind), reference=notification.reference[:64], amount_fen=notification.amount_fen)
    if insert_unless_taken(event, conflict=("provider", "event_id"), where="claims_event"):
        return event
    _record(provider=notification.provider, event_id=notification.event_id, outcome=EventOutcome.DUPLICATE,
            digest=digest, notification=notification, payment=payment, refund=refund)
    return None


def apply_notification(*, actor: Any, notification: Notification, digest: str = "") -> str:
    """Apply a verified notification once; returns the outcome recorded. Payment events check the
    amount, currency and reference against our payment before anything moves."""
    from .refunds import apply_refund_notification

    if notification.kind in (NotificationKind.REFUND_SUCCEEDED, NotificationKind.REFUND_FAILED):
        return apply_refund_notification(actor=actor, notification=notification, digest=digest)
    if notification.kind not in (NotificationKind.PAYMENT_SUCCEEDED, NotificationKind.PAYMENT_FAILED):
        _record(provider=notification.provider, event_id=notification.event_id, outcome=EventOutcome.IGNORED,
                digest=digest, notification=notification)
        return EventOutcome.IGNORED
    with transaction.atomic():
        found = Payment.objects.filter(reference=notification.reference, provider=notification.provider).first()
        if found is not None:
            lock_order_of(order_id=found.order_id)
        payment = lock_payment(found.pk) if found is not None else None
        if payment is None:
            _record(provider=notification.provider, event_id=notification.event_id, digest=digest,
                    outcome=EventOutcome.UNKNOWN_ORDER, notification=notification)
            return EventOutcome.UNKNOWN_ORDER
        if notification.amount_fen != payment.amount_fen or notification.currency != payment.currency:
            _record(provider=notification.provider, event_id=notification.event_id, digest=digest,
                    outcome=EventOutcome.WRONG_AMOUNT, notification=notification, payment=payment,
                    detail=f"expected {payment.amount_fen} {payment.currency}")
            return EventOutcome.WRONG_AMOUNT
        event = _claim(notification=notification, digest=digest, payment=payment)
        if event is None:
            return EventOutcome.DUPLICATE
        outcome = _settle(actor=actor, payment=payment, notification=notification)
        if outcome != EventOutcome.PROCESSED:
            event.outcome = outcome
            event.save(update_fields=["outcome", "updated_at"])
        fault_point("payments.notification.before_commit")  # all written, nothing committed yet
    return outcome


def _settle(*, actor: Any, payment: Payment, notification: Notification) -> str:
    """Expects the payment's lock. A payment settles once: a success after a success (another event
    id, or reconciliation then the notification) or a decline after a success changes nothing."""
    if payment.status not in (PaymentStatus.CREATED, PaymentStatus.PENDING, PaymentStatus.FAILED):
        return EventOutcome.ALREADY_SETTLED
    if notification.kind == NotificationKind.PAYMENT_FAILED:
        if payment.status == PaymentStatus.FAILED:
            return EventOutcome.ALREADY_SETTLED
        payment.status = PaymentStatus.FAILED
        payment.save(update_fields=["status", "updated_at"])
        record_change(actor=actor, action="payments.payment_failed", target_id=payment.pk,
                      data={"event_id": notification.event_id})
        return EventOutcome.PROCESSED
    payment.status = PaymentStatus.SUCCEEDED
    payment.settled_at = notification.occurred_at or timezone.now()
    payment.provider_payment_id = (notification.provider_id or payment.provider_payment_id)[:100]
    payment.save(update_fields=["status", "settled_at", "provider_payment_id", "updated_at"])
    record_change(actor=actor, action="payments.payment_succeeded", target_id=payment.pk,
                  data={"order_id": payment.order_id, "amount_fen": payment.amount_fen,
                        "event_id": notification.event_id})
    record_money_event(actor=actor, kind=MoneyEventKind.PAYMENT_SUCCEEDED, data={
        "payment_id": payment.pk, "reference": payment.reference, "order_id": payment.order_id,
        "kind": payment.kind, "method": payment.method, "provider": payment.provider,
        "amount_fen": payment.amount_fen, "currency": payment.currency, "settled_at": payment.settled_at.isoformat()})
    key = f"{payment.provider}:{notification.event_id}"
    post = ledger.record_deposit if payment.kind == PaymentKind.DEPOSIT else ledger.record_payment
    receipts = _pending_receipts()
    memo = f"{payment.kind} {payment.reference}"
    receipts[payment.pk] = lambda: post(actor=actor, order_id=payment.order_id, provider=payment.provider,
                                        fen=payment.amount_fen, event_key=key, memo=memo)
    try:
        outcome = run_payment_settled_steps(actor=actor, payment=payment)
    finally:
        receipt = receipts.pop(payment.pk, None)
    if receipt is not None:
        receipt()
    return outcome or EventOutcome.PROCESSED


# The ledger posting of a payment being settled is made last in its transaction (_settle), after the
# order's steps: posting updates the clearing and revenue accounts' rows, which every payment of the
# company updates, and a row lock is held until COMMIT; taken last, concurrent notifications wait on
# each other only for the posting and the commit, not for the order's paid transition and dispatch
# (docs/decisions.md, "Faster money paths"). A step that refunds the payment at once (a late payment)
# posts it first: `post_pending_receipt`. Per thread, as a request or task is.
_RECEIPTS = threading.local()


def _pending_receipts() -> dict[int, Any]:
    if not hasattr(_RECEIPTS, "by_payment"):
        _RECEIPTS.by_payment = {}
    return _RECEIPTS.by_payment


def post_pending_receipt(*, payment_id: int) -> None:
    """Post the ledger's receipt of this payment now if its settlement is still to post it (before
    a refund of it is owed from the money it brought)."""
    receipt = _pending_receipts().pop(payment_id, None)
    if receipt is not None:
        receipt()


# -- reconciliation --------------------------------------------------------------------------------

def reconcile_pending_payments(*, actor: Any, older_than: timedelta | None = None,
                               now: datetime | None = None) -> int:
    """Ask the provider about payments still pending after `older_than` (PAYMENT_RECONCILE_AFTER_MINUTES)
    and apply what it says through the notification path, under an event id of our own per payment
    and outcome (so a later notification finds the payment settled and moves nothing). Returns how
    many were settled."""
    now = now or timezone.now()
    if older_than is None:
        older_than = timedelta(minutes=int(getattr(settings, "PAYMENT_RECONCILE_AFTER_MINUTES", 10)))
    settled = 0
    for payment in Payment.objects.filter(status=PaymentStatus.PENDING, created_at__lt=now - older_than)[:500]:
        try:
            state = adapter_for(provider=payment.provider).query_payment(reference=payment.reference)
        except ProviderError:
            log.info("reconciliation: %s not answered", payment.reference, exc_info=True)
            continue  # not known yet at the gateway, or it is down: next round
        kind = {ProviderStatus.SUCCEEDED: NotificationKind.PAYMENT_SUCCEEDED,
                ProviderStatus.FAILED: NotificationKind.PAYMENT_FAILED}.get(state.status)
        if kind is None:
            continue
        outcome = apply_notification(actor=actor, notification=Notification(
            provider=payment.provider, event_id=f"query:{payment.reference}:{kind}", kind=kind,
            reference=state.reference, amount_fen=state.amount_fen, currency=state.currency,
            provider_id=state.provider_payment_id, occurred_at=state.paid_at), digest="query")
        settled += outcome in (EventOutcome.PROCESSED, EventOutcome.LATE_REFUNDED)
    return settled
