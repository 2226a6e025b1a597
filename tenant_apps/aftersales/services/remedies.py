"""Carrying out an accepted remedy: a follow-up visit booked on a real free slot (orders and
scheduling book it; never on someone's taken time), a refund through payments (so the ledger owes
it the customer), or credit; then its cost is charged to whoever bears it (ledger). One
transaction: the case's lock first, then what the other apps' services lock in their own order."""
from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User
from shared_apps.changes.services import record_change
from shared_apps.core.errors import DomainError
from tenant_apps.ledger import services as ledger
from tenant_apps.orders.services.follow_up import book_follow_up_visit
from tenant_apps.payments.refunds import received_payments_of, refund_payment

from ..errors import CaseError
from ..escalation import sync_escalation
from ..locks import lock_case, lock_live_remedy
from ..machine import Side, apply_move, find_move
from ..models import Case, CostBearer, Remedy, RemedyKind, RemedyStatus


def _accepted(case: Case, kind: str) -> Remedy:
    find_move(case.status, "carry_out_remedy", Side.OFFICE)
    remedy = lock_live_remedy(case.pk)
    if remedy is None or remedy.status != RemedyStatus.ACCEPTED or remedy.kind != kind:
        raise DomainError(CaseError.REMEDY_NOT_READY, _("The customer has not accepted this remedy."), status=409)
    return remedy


def _finish(*, actor: User, case: Case, remedy: Remedy, now: datetime, data: dict) -> None:
    """Charge the bearer, mark the remedy done, record the move and the change."""
    journal = None
    if remedy.bearer == CostBearer.WORKER:  # the evidence may have changed since it was proposed
        from .mediation import check_worker_may_bear

        check_worker_may_bear(case=case)
    if remedy.amount_fen > 0:
        journal = ledger.charge_remedy_cost(
            actor=actor, order_id=case.order_id, bearer=remedy.bearer, fen=int(remedy.amount_fen),
            worker=case.worker.staff_member.user_id if case.worker_id else None,
            event_key=f"case:{case.pk}:remedy:{remedy.pk}:cost",
            memo=f"Case #{case.pk}: {remedy.get_kind_display()} borne by {remedy.bearer}")
    remedy.status, remedy.carried_out_at = RemedyStatus.CARRIED_OUT, now
    remedy.save(update_fields=["status", "carried_out_at", "follow_up_order", "refund_ids", "updated_at"])
    data = {**data, "remedy_id": remedy.pk, "bearer": remedy.bearer, "cost_journal": journal.pk if journal else None}
    apply_move(actor=actor, case=case, action="carry_out_remedy", side=Side.OFFICE, now=now, data=data)
    record_change(actor=actor, action="case.carry_out_remedy", target_id=case.pk, data=data)
    sync_escalation(case)


def book_follow_up(*, actor: User, case: Case, start: datetime, now: datetime | None = None) -> Remedy:
    """Book the accepted follow-up visit at `start`: offered first to a worker other than the one the
    complaint is about. slot_taken (409, with fresh slots) when the time went meanwhile."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_case(case.pk)
        remedy = _accepted(locked, RemedyKind.RESERVICE)
        order = book_follow_up_visit(
            actor=actor, original=locked.order, start=start,
            avoid_worker_id=locked.worker_id if locked.about_worker else None,
            reason=_("Follow-up visit for problem #%(case)s") % {"case": locked.pk}, data={"case": locked.pk}, now=now)
        remedy.follow_up_order = order
        _finish(actor=actor, case=locked, remedy=remedy, now=now,
                data={"follow_up_order": order.pk, "worker": order.worker_id, "start": order.starts_at.isoformat()})
    return remedy


def refund_remedy(*, actor: User, case: Case, now: datetime | None = None) -> Remedy:
    """Refund the accepted amount through payments (finance roles; the owner above the limit), newest
    payment first; the ledger owes it the customer until the provider pays it."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_case(case.pk)
        remedy = _accepted(locked, RemedyKind.REFUND)
        payments = received_payments_of(order_id=locked.order_id)
        if sum(p.refundable_fen for p in payments) < remedy.amount_fen:
            raise DomainError(CaseError.NOTHING_TO_REFUND, _(
                "Less than this was paid online for the order, so it cannot be refunded here."), status=409)
        left, refund_ids = int(remedy.amount_fen), []
        for payment in reversed(payments):
            amount = min(payment.refundable_fen, left)
            if amount <= 0:
                continue
            refund = refund_payment(actor=actor, payment_id=payment.pk, amount_fen=amount,
                                    reason=f"After-sales case #{locked.pk}")
            refund_ids.append(refund.pk)
            left -= amount
            if left == 0:
                break
        remedy.refund_ids = refund_ids
        _finish(actor=actor, case=locked, remedy=remedy, now=now, data={"refunds": refund_ids})
    return remedy


def grant_credit(*, actor: User, case: Case, now: datetime | None = None) -> Remedy:
    """Credit the customer with the accepted amount (the ledger's customer credit, from revenue)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_case(case.pk)
        remedy = _accepted(locked, RemedyKind.CREDIT)
        journal = ledger.grant_remedy_credit(actor=actor, order_id=locked.order_id, fen=int(remedy.amount_fen),
                                             event_key=f"case:{locked.pk}:remedy:{remedy.pk}:credit",
                                             memo=f"Case #{locked.pk}: credit for customer {locked.customer_id}")
        _finish(actor=actor, case=locked, remedy=remedy, now=now, data={"credit_journal": journal.pk})
    return remedy
