"""Giving money back: a Refund of a received payment (full or partial), owed in the ledger at once,
handed to the provider after commit, closed by the provider's refund notification. The office
refunds with a reason (finance roles; above PAYMENT_REFUND_LIMIT_FEN only the owner); cancellations
and payments that arrived too late refund by rule (`refund_by_rule`).

Lock order: the payment, then its refund, then the ledger."""
from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.changes.services import record_change
from shared_apps.core.actor import SystemActor
from shared_apps.core.errors import DomainError, ValidationFailed
from shared_apps.payment_providers.interface import Notification, NotificationKind, ProviderError, RefundRequest
from tenant_apps.ledger import services as ledger
from tenant_apps.ledger.models import AccountKind, TransactionKind
from tenant_apps.people.models import FINANCE_ROLES, StaffRole
from tenant_apps.people.selectors import staff_member_of

from .errors import PaymentError
from .locks import lock_payment, lock_refund
from .models import EventOutcome, MoneyEventKind, Payment, PaymentKind, PaymentStatus, Refund, RefundStatus
from .money_events import record_money_event
from .providers import adapter_for, notify_url
from .steps import lock_order_of, run_refund_requested_steps

log = logging.getLogger(__name__)


def refund_limit_fen() -> int:
    return int(getattr(settings, "PAYMENT_REFUND_LIMIT_FEN", 100_000))


def refund_payment(*, actor: Any, payment_id: int, amount_fen: int, reason: str) -> Refund:
    """The office refunds (part of) a payment. Finance roles only; above the per-refund limit, the
    owner only. 409 when more than what is left would be refunded."""
    member = staff_member_of(actor)
    if member is None or member.role not in FINANCE_ROLES:
        raise DomainError(PaymentError.FINANCE_ONLY, _("Only the owner, admins and finance staff can refund."),
                          status=403)
    if not (reason or "").strip():
        raise ValidationFailed({"reason": [_("Give a reason.")]})
    if member.role != StaffRole.OWNER and amount_fen > refund_limit_fen():
        raise DomainError(PaymentError.REFUND_OVER_LIMIT, _(
            "Refunds above %(limit).2f need the owner.") % {"limit": refund_limit_fen() / 100}, status=403,
            extra={"limit_fen": refund_limit_fen()})
    return refund_by_rule(actor=actor, payment_id=payment_id, amount_fen=amount_fen, reason=reason)


def refund_by_rule(*, actor: Any, payment_id: int, amount_fen: int, reason: str) -> Refund:
    """A refund the rules decided (a cancellation's policy, a late payment), or the office's once
    checked. Owed in the ledger now; sent to the provider after commit."""
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or amount_fen <= 0:
        raise ValidationFailed({"amount_fen": [_("A refund is a positive whole number of fen.")]})
    with transaction.atomic():
        order_id = Payment.objects.filter(pk=payment_id).values_list("order_id", flat=True).first()
        if order_id is not None:
            lock_order_of(order_id=order_id)  # a no-op wait when the caller holds it already
        payment = lock_payment(payment_id)
        if payment is None:
            raise ValidationFailed({"payment": [_("No such payment.")]})
        if amount_fen > payment.refundable_fen:
            raise DomainError(PaymentError.REFUND_TOO_LARGE, _(
                "At most %(left).2f of this payment can be refunded.") % {"left": payment.refundable_fen / 100},
                status=409, extra={"refundable_fen": payment.refundable_fen})
        from .checkout import new_reference

        refund = Refund.objects.create(
            payment=payment, amount_fen=amount_fen, reason=reason.strip()[:300], reference=new_reference("R"),
            actor_id=None if isinstance(actor, SystemActor) else getattr(actor, "pk", None),
            actor_name=str(actor)[:150])
        payment.refunded_fen += amount_fen
        payment.status = (PaymentStatus.REFUNDED if payment.refunded_fen == payment.amount_fen
                          else PaymentStatus.PARTIALLY_REFUNDED)
        payment.save(update_fields=["refunded_fen", "status", "updated_at"])
        from .checkout import post_pending_receipt

        post_pending_receipt(payment_id=payment.pk)  # a payment refunded while it settles is received first
        ledger.record_refund(actor=actor, order_id=payment.order_id, fen=amount_fen,
                             from_deposit=payment.kind == PaymentKind.DEPOSIT,
                             event_key=f"refund:{refund.reference}", memo=refund.reason[:100])
        record_change(actor=actor, action="payments.refund_requested", target_id=refund.pk, reason=refund.reason,
                      data={"payment_id": payment.pk, "order_id": payment.order_id, "amount_fen": amount_fen})
        run_refund_requested_steps(actor=actor, payment=payment, refund=refund)
        refund_id = refund.pk
        transaction.on_commit(lambda: submit_refund(refund_id=refund_id))
    return refund


def submit_refund(*, refund_id: int) -> Refund | None:
    """Hand a refund to its provider (after the commit that decided it; again by reconciliation when
    that failed). The provider's reference makes a repeat harmless."""
    refund = Refund.objects.select_related("payment").filter(pk=refund_id).first()
    if refund is None or refund.submitted_at is not None or refund.status != RefundStatus.PENDING:
        return refund
    payment = refund.payment
    try:
        state = adapter_for(provider=payment.provider).refund(RefundRequest(
            payment_reference=payment.reference, refund_reference=refund.reference, amount_fen=refund.amount_fen,
            payment_amount_fen=payment.amount_fen, notify_url=notify_url(provider=payment.provider),
            reason=refund.reason, currency=payment.currency, provider_payment_id=payment.provider_payment_id))
    except ProviderError:
        log.warning("refund %s not accepted by %s yet", refund.reference, payment.provider, exc_info=True)
        return refund
    Refund.objects.filter(pk=refund.pk, submitted_at__isnull=True).update(
        submitted_at=timezone.now(), provider_refund_id=state.provider_refund_id[:100], updated_at=timezone.now())
    refund.refresh_from_db()
    return refund


def apply_refund_notification(*, actor: Any, notification: Notification, digest: str) -> str:
    """The provider paid (or failed) a refund: close it once. A failure gives the amount back to the
    payment and reverses the amount owed."""
    from .checkout import _claim, _record

    with transaction.atomic():
        found = Refund.objects.select_related("payment").filter(reference=notification.reference,
                                      payment__provider=notification.provider).first()
        if found is not None:
            lock_order_of(order_id=found.payment.order_id)
        payment = lock_payment(found.payment_id) if found is not None else None
        refund = lock_refund(found.pk) if found is not None else None
        if refund is None:
            _record(provider=notification.provider, event_id=notification.event_id, digest=digest,
                    outcome=EventOutcome.UNKNOWN_ORDER, notification=notification)
            return EventOutcome.UNKNOWN_ORDER
        if notification.amount_fen != refund.amount_fen or notification.currency != payment.currency:
            _record(provider=notification.provider, event_id=notification.event_id, digest=digest,
                    outcome=EventOutcome.WRONG_AMOUNT, notification=notification, payment=payment, refund=refund)
            return EventOutcome.WRONG_AMOUNT
        event = _claim(notification=notification, digest=digest, payment=payment, refund=refund)
        if event is None:
            return EventOutcome.DUPLICATE
        if refund.status != RefundStatus.PENDING:
            event.outcome = EventOutcome.ALREADY_SETTLED
            event.save(update_fields=["outcome", "updated_at"])
            return EventOutcome.ALREADY_SETTLED
        key = f"{payment.provider}:{notification.event_id}"
        refund.settled_at = timezone.now()
        if notification.kind == NotificationKind.REFUND_SUCCEEDED:
            refund.status = RefundStatus.SUCCEEDED
            ledger.complete_refund(actor=actor, order_id=payment.order_id, provider=payment.provider,
                                   fen=refund.amount_fen, event_key=key, memo=refund.reference)
        else:
            refund.status = RefundStatus.FAILED
            payment.refunded_fen -= refund.amount_fen
            payment.status = PaymentStatus.PARTIALLY_REFUNDED if payment.refunded_fen else PaymentStatus.SUCCEEDED
            payment.save(update_fields=["refunded_fen", "status", "updated_at"])
            source = AccountKind.DEPOSITS_HELD if payment.kind == PaymentKind.DEPOSIT else AccountKind.COMPANY_REVENUE
            ledger.post(actor=actor, kind=TransactionKind.REFUND, order_id=payment.order_id, event_key=key,
                        memo=f"refund failed {refund.reference}",
                        lines=[(ledger.ensure_account(kind=AccountKind.REFUNDS_PAYABLE), -refund.amount_fen),
                               (ledger.ensure_account(kind=source), refund.amount_fen)])
        refund.save(update_fields=["status", "settled_at", "updated_at"])
        record_change(actor=actor, action=f"payments.refund_{refund.status}", target_id=refund.pk,
                      data={"event_id": notification.event_id, "amount_fen": refund.amount_fen})
        record_money_event(actor=actor, kind=(MoneyEventKind.REFUND_SUCCEEDED if refund.status == RefundStatus.SUCCEEDED
                                              else MoneyEventKind.REFUND_FAILED), data={
            "refund_id": refund.pk, "reference": refund.reference, "payment_id": payment.pk,
            "payment_reference": payment.reference, "order_id": payment.order_id, "amount_fen": refund.amount_fen,
            "currency": payment.currency, "reason": refund.reason, "settled_at": refund.settled_at.isoformat()})
    return EventOutcome.PROCESSED


def resubmit_refunds(*, actor: Any) -> int:
    """Refunds decided but never accepted by their provider (it was down): hand them over again."""
    pending = Refund.objects.filter(status=RefundStatus.PENDING, submitted_at__isnull=True).values_list("pk", flat=True)
    return sum(submit_refund(refund_id=pk).submitted_at is not None for pk in list(pending[:200]))


def received_payments_of(*, order_id: int) -> list[Payment]:
    """An order's payments whose money arrived, oldest first (refunds by rule take the newest first)."""
    return list(Payment.objects.filter(order_id=order_id, status__in=(
        PaymentStatus.SUCCEEDED, PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED)).order_by("pk"))
