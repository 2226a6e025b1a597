"""Sanctions and appeals: issuing a step of the ladder with the figures it rests on, the worker's
appeal, and its decision by someone else. Effects on the worker go through workforce's services
(reduced dispatch; suspension and removal stop offers and release their bookings)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shared_apps.changes.services import record_change
from shared_apps.console.quality_records import record_sanction
from shared_apps.core.errors import DomainError, ValidationFailed
from shared_apps.notifications.services import notify
from tenant_apps.catalog.selectors import current_company
from tenant_apps.people.models import StaffMember
from tenant_apps.workforce.credit import set_dispatch_reduced
from tenant_apps.workforce.locks import lock_worker
from tenant_apps.workforce.models import WorkerProfile, WorkerStatus
from tenant_apps.workforce.services import update_worker_profile

from ..errors import QualityError
from ..locks import lock_appeal, lock_sanction
from ..models import (
    IMMEDIATE_GROUNDS,
    Appeal,
    AppealStatus,
    Sanction,
    SanctionGround,
    SanctionLevel,
    SanctionStatus,
)

APPEAL_HOURS = 72  # an appeal is decided within this (the SLA the worker is shown)
UPHELD_OUTCOME = gettext_noop("upheld, the sanction is overturned.")
REJECTED_OUTCOME = gettext_noop("rejected, the sanction stands.")


@dataclass(frozen=True)
class SanctionInput:
    level: int
    ground: str
    note: str
    metric: str = ""
    threshold: Decimal | None = None
    value: Decimal | None = None


def _name(actor: Any) -> str:
    return str(getattr(actor, "name", "") or actor)[:150]


def issue_sanction(*, actor: Any, worker: WorkerProfile, sanction: SanctionInput) -> Sanction:
    """The next step of the ladder for `worker`. A step may follow only the one below it still in force
    (a warning before retraining, retraining before reduced dispatch...), except on safety or fraud."""
    if sanction.level not in SanctionLevel.values:
        raise ValidationFailed({"level": [_("Choose a step of the ladder.")]})
    if sanction.ground not in SanctionGround.values:
        raise ValidationFailed({"ground": [_("Choose a ground.")]})
    if not sanction.note.strip():
        raise ValidationFailed({"note": [_("Say what happened: the worker reads it.")]})
    with transaction.atomic():
        locked = lock_worker(worker.pk)  # one ladder at a time per worker
        highest = (Sanction.objects.filter(worker=locked, status=SanctionStatus.IN_FORCE)
                   .aggregate(top=Max("level"))["top"] or 0)
        if sanction.level > highest + 1 and sanction.ground not in IMMEDIATE_GROUNDS:
            message = _("The ladder cannot skip a step: the next one for this worker is “%(step)s”. Only safety "
                        "or fraud goes further at once.") % {"step": SanctionLevel(highest + 1).label}
            raise DomainError(QualityError.SKIPS_A_STEP, message, status=409, fields={"level": [message]})
        row = Sanction.objects.create(
            worker=locked, level=sanction.level, ground=sanction.ground, metric=sanction.metric[:100],
            threshold=sanction.threshold, value=sanction.value, note=sanction.note.strip(),
            issued_by=actor if getattr(actor, "pk", None) else None, issued_by_name=_name(actor))
        _apply(actor=actor, worker=locked, level=sanction.level, in_force=True)
        record_change(actor=actor, action="sanction.issued", target_id=row.pk,
                      data={"worker": locked.pk, "level": sanction.level, "ground": sanction.ground})
        _tell(actor=actor, sanction=row, kind="sanction.issued")
        _mirror(row)
    return row


def _mirror(sanction: Sanction, *, appeal_status: str = "") -> None:
    """The platform's cross-company copy (console), written in the same transaction."""
    with translation.override("en"):
        level_name = str(SanctionLevel(sanction.level).label)
    record_sanction(company_id=current_company().pk, sanction_id=sanction.pk, user_id=_user_of(sanction),
                    level=sanction.level, level_name=level_name, ground=sanction.ground, status=sanction.status,
                    appeal_status=appeal_status, issued_at=sanction.created_at)


def _user_of(sanction: Sanction) -> int | None:
    return StaffMember.objects.filter(pk=sanction.worker_id).values_list("user_id", flat=True).first()


def _tell(*, actor: Any, sanction: Sanction, kind: str, outcome: str = "", reason: str = "") -> None:
    company = current_company()
    user_id = _user_of(sanction)
    with translation.override("en"):
        step = str(SanctionLevel(sanction.level).label)
    # `step` and `outcome` are English source strings, translated for the reader (notifications.messages).
    notify(actor=actor, user_ids=[user_id], kind=kind, dedupe_key=f"{kind}:{sanction.pk}",
           context={"company": company.name, "language": company.default_language,
                    "step": step, "outcome": outcome,
                    "reason": reason, "data": {"sanction_id": sanction.pk, "company_id": company.pk}})


def _apply(*, actor: Any, worker: WorkerProfile, level: int, in_force: bool) -> None:
    if level == SanctionLevel.REDUCED_DISPATCH:
        set_dispatch_reduced(actor=actor, worker_id=worker.pk, reduced=in_force)
    elif level >= SanctionLevel.SUSPENSION:
        # Removal suspends until its appeal is decided or the time to appeal passes; the office then
        # takes the worker off the staff list (which keeps their history).
        status = WorkerStatus.SUSPENDED if in_force else WorkerStatus.ACTIVE
        if worker.status != status:
            update_worker_profile(actor=actor, worker=worker, changes={"status": status})


def appeal_sanction(*, actor: Any, worker: WorkerProfile, sanction: Sanction, statement: str,
                    evidence: str = "", now: datetime | None = None) -> Appeal:
    """The sanctioned worker appeals, once, while the sanction is in force."""
    if not statement.strip():
        raise ValidationFailed({"statement": [_("Say why the sanction is wrong.")]})
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_sanction(sanction.pk)
        if locked.worker_id != worker.pk:
            raise DomainError(QualityError.NOT_YOURS, _("No such sanction."), status=404)
        if locked.status != SanctionStatus.IN_FORCE:
            raise DomainError(QualityError.NOT_IN_FORCE, _("This sanction is no longer in force."), status=409)
        if Appeal.objects.filter(sanction=locked).exists():
            raise DomainError(QualityError.ALREADY_APPEALED, _("This sanction has been appealed already."),
                              status=409)
        appeal = Appeal.objects.create(sanction=locked, statement=statement.strip(), evidence=evidence.strip(),
                                       due_at=now + timedelta(hours=APPEAL_HOURS))
        record_change(actor=actor, action="sanction.appealed", target_id=locked.pk, data={"appeal": appeal.pk})
        _mirror(locked, appeal_status=appeal.status)
    return appeal


def decide_appeal(*, actor: Any, appeal: Appeal, upheld: bool, decision: str,
                  now: datetime | None = None) -> Appeal:
    """Someone other than the sanction's issuer decides; upheld overturns the sanction and undoes it."""
    if not decision.strip():
        raise ValidationFailed({"decision": [_("Give the reason for the decision: the worker reads it.")]})
    with transaction.atomic():
        locked = lock_appeal(appeal.pk)
        sanction = locked.sanction
        if locked.status != AppealStatus.WAITING:
            raise DomainError(QualityError.ALREADY_DECIDED, _("This appeal has been decided already."), status=409)
        if sanction.issued_by_id is not None and sanction.issued_by_id == getattr(actor, "pk", None):
            raise DomainError(QualityError.SAME_DECIDER, _(
                "You issued this sanction: someone else must decide its appeal."), status=403)
        locked.status = AppealStatus.UPHELD if upheld else AppealStatus.REJECTED
        locked.decided_by = actor if getattr(actor, "pk", None) else None
        locked.decided_by_name = _name(actor)
        locked.decided_at = now or timezone.now()
        locked.decision = decision.strip()
        locked.save()
        if upheld:
            sanction.status = SanctionStatus.OVERTURNED
            sanction.save(update_fields=["status", "updated_at"])
            worker = lock_worker(sanction.worker_id)
            same_effect = ({"level__gte": SanctionLevel.SUSPENSION} if sanction.level >= SanctionLevel.SUSPENSION
                           else {"level": sanction.level})
            if not Sanction.objects.filter(worker=worker, status=SanctionStatus.IN_FORCE, **same_effect).exists():
                _apply(actor=actor, worker=worker, level=sanction.level, in_force=False)
        record_change(actor=actor, action="appeal.upheld" if upheld else "appeal.rejected", target_id=locked.pk,
                      data={"sanction": sanction.pk}, reason=locked.decision)
        _tell(actor=actor, sanction=sanction, kind="appeal.decided", reason=locked.decision,
              outcome=UPHELD_OUTCOME if upheld else REJECTED_OUTCOME)
        _mirror(sanction, appeal_status=locked.status)
    return locked
