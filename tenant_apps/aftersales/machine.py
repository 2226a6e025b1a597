"""The after-sales case state machine as data, and the one function that applies a row of it.

open → acknowledged → (waiting_on_customer ⇄ in_mediation) → remedy_proposed → remedy_accepted /
remedy_rejected → closed. Every move is a CaseEvent with its actor and side. Waiting on the customer
pauses the SLA timers; leaving it resumes them (timers.py)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shared_apps.accounts.models import User
from shared_apps.core.actor import SystemActor
from shared_apps.core.errors import DomainError, PermissionDenied

from .errors import CaseError
from .models import Case, CaseEvent, CaseStatus

S = CaseStatus


class Side:
    CUSTOMER = "customer"
    WORKER = "worker"
    OFFICE = "office"
    SYSTEM = "system"


@dataclass(frozen=True)
class Move:
    action: str
    sources: frozenset[str]
    target: str | None  # None: the status stays (a note, an escalation)
    sides: frozenset[str]
    needs_reason: bool = False
    label: Any = ""


def _m(action, sources, target, sides, needs_reason=False, label="") -> Move:
    return Move(action, frozenset(sources), target, frozenset(sides), needs_reason, label)


C, W, OF, Y = Side.CUSTOMER, Side.WORKER, Side.OFFICE, Side.SYSTEM
NOT_CLOSED = tuple(s for s in S.values if s != S.CLOSED)

MOVES: tuple[Move, ...] = (
    # The office reports for a customer who called (a worker who never came, issue 17.4).
    _m("report", ("",), S.OPEN, {C, OF}, label=gettext_lazy("Problem reported")),
    _m("acknowledge", (S.OPEN,), S.ACKNOWLEDGED, {OF}, label=gettext_lazy("Acknowledged")),
    _m("ask_customer", (S.ACKNOWLEDGED, S.IN_MEDIATION, S.REMEDY_REJECTED), S.WAITING_ON_CUSTOMER, {OF}, True,
       gettext_lazy("Waiting for your answer")),
    _m("customer_answer", (S.WAITING_ON_CUSTOMER,), S.IN_MEDIATION, {C, OF}, label=gettext_lazy("Answered")),
    _m("mediate", (S.ACKNOWLEDGED, S.REMEDY_REJECTED), S.IN_MEDIATION, {OF}, label=gettext_lazy("In mediation")),
    _m("propose_remedy", (S.ACKNOWLEDGED, S.IN_MEDIATION, S.REMEDY_REJECTED), S.REMEDY_PROPOSED, {OF},
       label=gettext_lazy("Remedy proposed")),
    _m("accept_remedy", (S.REMEDY_PROPOSED,), S.REMEDY_ACCEPTED, {C}, label=gettext_lazy("Remedy accepted")),
    _m("reject_remedy", (S.REMEDY_PROPOSED,), S.REMEDY_REJECTED, {C}, label=gettext_lazy("Remedy rejected")),
    _m("carry_out_remedy", (S.REMEDY_ACCEPTED,), None, {OF}, label=gettext_lazy("Remedy carried out")),
    _m("close", (S.REMEDY_ACCEPTED, S.REMEDY_REJECTED, S.IN_MEDIATION), S.CLOSED, {OF}, True,
       gettext_lazy("Closed")),
    _m("escalate", NOT_CLOSED, None, {C, OF}, True, gettext_lazy("Escalated to the platform")),
    _m("note", (*NOT_CLOSED, S.CLOSED), None, {C, W, OF}, label=gettext_lazy("Note added")),
    _m("breach", NOT_CLOSED, None, {Y}, label=gettext_lazy("Deadline missed")),
    _m("file_claim", NOT_CLOSED, None, {OF}, label=gettext_lazy("Insurance claim filed")),
)


def find_move(status: str, action: str, side: str, reason: str = "") -> Move:
    """The row for `action` from `status` by `side`: 403 for a side that may never do it, 409 for a
    move the case's state does not allow, 400-like 409 without the reason it needs."""
    rows = [m for m in MOVES if m.action == action]
    if not rows:
        raise ValueError(f"unknown action {action!r}")
    mine = [m for m in rows if side in m.sides]
    if not mine:
        raise PermissionDenied(_("You cannot do this to the case."))
    row = next((m for m in mine if status in m.sources), None)
    if row is None:
        raise DomainError(CaseError.ILLEGAL_TRANSITION, _("The case is %(status)s: this cannot be done now.")
                          % {"status": label_of_status(status)}, status=409,
                          extra={"status": status, "action": action})
    if row.needs_reason and not reason.strip():
        from shared_apps.core.errors import ValidationFailed

        raise ValidationFailed({"reason": [_("Give a reason.")]})
    return row


def can(case: Case, action: str, side: str) -> bool:
    return any(m.action == action and side in m.sides and case.status in m.sources for m in MOVES)


def apply_move(*, actor: User | SystemActor, case: Case, action: str, side: str, reason: str = "",
               data: dict | None = None, now: datetime, update_fields: tuple[str, ...] = ()) -> CaseEvent:
    """Check the move on the locked `case`, set its status (and `update_fields`), keep its timers in
    step and append the event. Expects the case's lock and the caller's transaction."""
    from . import timers

    row = find_move(case.status, action, side, reason)
    before = case.status
    fields = set(update_fields)
    if row.target is not None and row.target != case.status:
        case.status = row.target
        fields.add("status")
    if fields:
        case.save(update_fields=sorted(fields | {"updated_at"}))
    timers.follow_status(case=case, before=before, action=action, now=now)
    user = actor if isinstance(actor, User) and actor.pk else None
    return CaseEvent.objects.create(case=case, action=action, from_status=before, to_status=case.status, actor=user,
                                    actor_name=str(actor)[:150], actor_role=side, reason=reason[:2000],
                                    data=data or {})


def label_of(action: str) -> str:
    row = next((m for m in MOVES if m.action == action), None)
    return str(row.label) if row is not None and row.label else action.replace("_", " ")


def label_of_status(status: str) -> str:
    return str(CaseStatus(status).label).lower() if status in CaseStatus.values else (status or "new")
