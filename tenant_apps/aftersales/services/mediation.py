"""The office's mediation and the customer's side of it: acknowledging, asking the customer (the
clocks pause until they answer), notes for one side, proposing a remedy, the customer's answer to
it, escalating to the platform, closing. Each takes the case's lock, moves it through machine.py
(an event with its actor and side) and records the change in the same transaction."""
from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User
from shared_apps.changes.services import record_change
from shared_apps.console.escalations import record_escalation
from shared_apps.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from tenant_apps.catalog.selectors import current_company
from tenant_apps.workforce.credit import request_rescore

from ..errors import CaseError
from ..escalation import sync_escalation
from ..locks import lock_case, lock_live_remedy
from ..machine import Side, apply_move, find_move
from ..models import (
    Case,
    CaseNote,
    CaseTimer,
    CostBearer,
    NoteVisibility,
    ProblemCategory,
    Remedy,
    RemedyKind,
    RemedyStatus,
)

MAX_NOTE = 5000


def _move(*, actor, case: Case, action: str, side: str, reason: str = "", data: dict | None = None,
          now: datetime | None = None, update_fields: tuple[str, ...] = ()) -> Case:
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_case(case.pk)
        apply_move(actor=actor, case=locked, action=action, side=side, reason=reason, data=data, now=now,
                   update_fields=update_fields)
        record_change(actor=actor, action=f"case.{action}", target_id=locked.pk, reason=reason, data=data or {})
        sync_escalation(locked)
    return locked


def _check_side(case: Case, actor, side: str) -> None:
    """A customer acts only on their own case, a worker only on a case about their own visit (anyone
    else's looks missing); the office's pages check its roles before calling."""
    if side == Side.CUSTOMER and case.customer.user_id != getattr(actor, "pk", None):
        raise NotFound("case")
    if side == Side.WORKER and (case.worker is None or case.worker.staff_member.user_id != getattr(actor, "pk", None)):
        raise NotFound("case")
    if side not in (Side.CUSTOMER, Side.OFFICE, Side.WORKER):
        raise PermissionDenied(_("You cannot do this to the case."))


def acknowledge_case(*, actor: User, case: Case, now: datetime | None = None) -> Case:
    return _move(actor=actor, case=case, action="acknowledge", side=Side.OFFICE, now=now)


def ask_customer(*, actor: User, case: Case, question: str, now: datetime | None = None) -> Case:
    """Wait for the customer: the question is a note they read, and the clocks pause."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_case(case.pk)
        apply_move(actor=actor, case=locked, action="ask_customer", side=Side.OFFICE, reason=question, now=now)
        _write_note(actor=actor, case=locked, side=Side.OFFICE, visibility=NoteVisibility.CUSTOMER, text=question)
        record_change(actor=actor, action="case.ask_customer", target_id=locked.pk, reason=question)
        sync_escalation(locked)
    return locked


def start_mediation(*, actor: User, case: Case, now: datetime | None = None) -> Case:
    return _move(actor=actor, case=case, action="mediate", side=Side.OFFICE, now=now)


def add_note(*, actor: User, case: Case, side: str, text: str, visibility: str = "",
             now: datetime | None = None) -> CaseNote:
    """A note on the case. The office chooses who reads it (the customer, the worker, or the office
    only); a customer's or a worker's note is read by the office and its writer's side. A customer
    answering while the case waits on them moves it back to mediation (the clocks resume)."""
    now = now or timezone.now()
    if side == Side.CUSTOMER:
        visibility = NoteVisibility.CUSTOMER
    elif side == Side.WORKER:
        visibility = NoteVisibility.WORKER
    elif visibility not in NoteVisibility.values:
        raise ValidationFailed({"visibility": [_("Choose who may read the note.")]})
    with transaction.atomic():
        locked = lock_case(case.pk)
        _check_side(locked, actor, side)
        find_move(locked.status, "note", side)
        note = _write_note(actor=actor, case=locked, side=side, visibility=visibility, text=text)
        if side == Side.CUSTOMER and locked.status == "waiting_on_customer":
            apply_move(actor=actor, case=locked, action="customer_answer", side=Side.CUSTOMER, now=now)
            sync_escalation(locked)
        record_change(actor=actor, action="case.note", target_id=locked.pk,
                      data={"note_id": note.pk, "visibility": visibility})
    return note


def _write_note(*, actor: User, case: Case, side: str, visibility: str, text: str) -> CaseNote:
    text = (text or "").strip()
    if not text:
        raise ValidationFailed({"text": [_("Write the note.")]})
    if len(text) > MAX_NOTE:
        raise ValidationFailed({"text": [_("Keep the note under %(n)d characters.") % {"n": MAX_NOTE}]})
    return CaseNote.objects.create(case=case, author=actor, author_role=side, visibility=visibility, text=text)


def propose_remedy(*, actor: User, case: Case, kind: str, bearer: str, amount_fen: int = 0, note: str = "",
                   now: datetime | None = None) -> Remedy:
    """Offer the customer a remedy (a follow-up visit, a refund or credit) and say who bears its cost."""
    now = now or timezone.now()
    fields: dict[str, list[str]] = {}
    if kind not in RemedyKind.values:
        fields["kind"] = [_("Choose a remedy.")]
    if bearer not in CostBearer.values:
        fields["bearer"] = [_("Choose who bears the cost.")]
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or amount_fen < 0:
        fields["amount_fen"] = [_("Enter a whole, positive amount.")]
    elif kind in (RemedyKind.REFUND, RemedyKind.CREDIT) and amount_fen <= 0:
        fields["amount_fen"] = [_("Enter the amount.")]
    if fields:
        raise ValidationFailed(fields)
    with transaction.atomic():
        locked = lock_case(case.pk)
        if bearer == CostBearer.WORKER and locked.worker_id is None:
            raise ValidationFailed({"bearer": [_("Nobody did this visit, so no worker can bear the cost.")]})
        if bearer == CostBearer.WORKER:
            check_worker_may_bear(case=locked)
        if kind == RemedyKind.REFUND and amount_fen > locked.order.total:
            raise ValidationFailed({"amount_fen": [_("A refund cannot be more than the order's price.")]})
        apply_move(actor=actor, case=locked, action="propose_remedy", side=Side.OFFICE, reason=note, now=now,
                   data={"kind": kind, "bearer": bearer, "amount_fen": amount_fen})
        remedy = Remedy.objects.create(case=locked, kind=kind, bearer=bearer, amount_fen=amount_fen,
                                       note=note.strip()[:2000])
        record_change(actor=actor, action="case.propose_remedy", target_id=locked.pk,
                      data={"remedy_id": remedy.pk, "kind": kind, "bearer": bearer, "amount_fen": amount_fen})
        sync_escalation(locked)
    return remedy


def check_worker_may_bear(*, case: Case) -> None:
    """A worker pays for a no-show only when the location record supports it (issue 17.4): no arrival
    at all, or one the phone placed beyond the company's radius. An arrival within the radius, or
    without a location, is refused with the reason (no_location_evidence, 409)."""
    if case.category != ProblemCategory.NO_SHOW:
        return
    from tenant_apps.orders.no_show import worker_no_show_evidence
    from tenant_apps.orders.selectors import order_settings

    evidence = worker_no_show_evidence(order=case.order, radius_m=order_settings().arrival_radius_m)
    if evidence.supports_charging_worker:
        return
    if evidence.no_location:
        why = _("The worker's arrival was recorded without a location: it does not show they failed to come, so "
                "the worker cannot be charged for a no-show.")
    else:
        why = _("The worker's phone placed their arrival at the address: the worker cannot be charged for a "
                "no-show.")
    raise DomainError(CaseError.NO_LOCATION_EVIDENCE, why, status=409, fields={"bearer": [why]},
                      extra={"arrived": evidence.arrived, "distance_m": evidence.distance_m})


def answer_remedy(*, actor: User, case: Case, accept: bool, reason: str = "", now: datetime | None = None) -> Case:
    """The customer accepts or rejects the proposed remedy."""
    now = now or timezone.now()
    action = "accept_remedy" if accept else "reject_remedy"
    with transaction.atomic():
        locked = lock_case(case.pk)
        _check_side(locked, actor, Side.CUSTOMER)
        apply_move(actor=actor, case=locked, action=action, side=Side.CUSTOMER, reason=reason, now=now)
        remedy = lock_live_remedy(locked.pk)
        remedy.status = RemedyStatus.ACCEPTED if accept else RemedyStatus.REJECTED
        remedy.save(update_fields=["status", "updated_at"])
        record_change(actor=actor, action=f"case.{action}", target_id=locked.pk, reason=reason,
                      data={"remedy_id": remedy.pk})
        sync_escalation(locked)
        if accept and locked.about_worker:  # an upheld complaint: the worker's credit score moves
            request_rescore(locked.worker_id)
    return locked


def close_case(*, actor: User, case: Case, reason: str, now: datetime | None = None) -> Case:
    """Close with a reason; the clocks stop. An accepted remedy must have been carried out first."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_case(case.pk)
        remedy = lock_live_remedy(locked.pk)
        if remedy is not None and remedy.status == RemedyStatus.ACCEPTED:
            raise DomainError(CaseError.REMEDY_NOT_READY, _("Carry out the accepted remedy before closing."),
                              status=409)
        if remedy is not None:  # proposed and never answered (closed from mediation): withdrawn
            remedy.status = RemedyStatus.REJECTED
            remedy.save(update_fields=["status", "updated_at"])
        locked.closed_at = now
        apply_move(actor=actor, case=locked, action="close", side=Side.OFFICE, reason=reason, now=now,
                   update_fields=("closed_at",))
        record_change(actor=actor, action="case.close", target_id=locked.pk, reason=reason)
        sync_escalation(locked)
    return locked


def escalate_case(*, actor: User, case: Case, side: str, reason: str, now: datetime | None = None) -> Case:
    """Hand the case to the platform: it appears in the console's list of escalated cases (a public
    row written in the same transaction). Escalating again updates the reason."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_case(case.pk)
        _check_side(locked, actor, side)
        locked.escalated_at = locked.escalated_at or now
        locked.escalation_reason = reason.strip()[:2000]
        apply_move(actor=actor, case=locked, action="escalate", side=side, reason=reason, now=now,
                   update_fields=("escalated_at", "escalation_reason"))
        record_change(actor=actor, action="case.escalate", target_id=locked.pk, reason=reason)
        record_escalation(
            company_id=current_company().pk, case_id=locked.pk, order_id=locked.order_id, category=locked.category,
            severity=locked.severity, status=locked.status, reason=locked.escalation_reason,
            sla_breached=CaseTimer.objects.filter(case=locked, breached_at__isnull=False).exists(),
            escalated_at=locked.escalated_at)
    return locked
