"""What every change of a company's assignment rows writes beside them, in the same transaction: the
people's commitments (public schema, so a person is never booked twice across companies) and the
hold history (HoldEvent). Private to the services package (hence the underscores): helpers of the
services, not services."""
from __future__ import annotations

import uuid
from typing import Any

from django.db import IntegrityError, OperationalError, transaction
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User
from shared_apps.commitments.steps import Busy, replace_commitments
from shared_apps.core.errors import DomainError
from tenant_apps.catalog.selectors import current_company
from tenant_apps.people.models import StaffMember

from ..errors import SchedulingError
from ..models import ACTIVE_STATUSES, Assignment, AssignmentStatus, HoldEvent, HoldEventKind

CONFLICT_STATES = {"23P01", "40P01"}  # exclusion violation; deadlock (should not happen: one lock order)


def _actor_fields(actor) -> dict[str, Any]:
    if isinstance(actor, User) and actor.pk:
        return {"actor": actor, "actor_name": ""}
    return {"actor": None, "actor_name": str(actor)[:40]}


def _write_commitments(*, rows: list[Assignment], remove: tuple[int, ...] = (), new: bool = False) -> None:
    """Mirror these assignment rows as their people's commitments (a hold's with its expiry; rows no
    longer active lose theirs), in the caller's transaction. IntegrityError (23P01) when a person is
    busy in another company at that time."""
    users = dict(StaffMember.objects.filter(pk__in={r.worker_id for r in rows}).values_list("pk", "user_id"))
    replace_commitments(
        company_id=current_company().pk,
        remove=(*remove, *(r.pk for r in rows if r.status not in ACTIVE_STATUSES)), new=new,
        add=[Busy(assignment_id=r.pk, user_id=users[r.worker_id], start=r.period.lower, end=r.period.upper,
                  expires_at=r.expires_at if r.status == AssignmentStatus.HOLD else None)
             for r in rows if r.status in ACTIVE_STATUSES],
    )


def _is_conflict(exc: Exception) -> bool:
    return getattr(exc.__cause__, "sqlstate", None) in CONFLICT_STATES


def _hold_expired() -> DomainError:
    return DomainError(SchedulingError.HOLD_EXPIRED, _("This hold has expired; please choose a time again."),
                       status=409)


def _rewrite_commitments_or_expired(*, rows: list[Assignment]) -> None:
    """Re-write the commitments of a hold being kept (extended or confirmed). A hold past its expiry
    may have lost its commitment to another company's hold in the meantime: then it is expired."""
    try:
        with transaction.atomic():
            _write_commitments(rows=rows)
    except (IntegrityError, OperationalError) as exc:
        if _is_conflict(exc):
            raise _hold_expired() from None
        raise


def _expiry_events(expired: dict[uuid.UUID, list[tuple[int, int]]]) -> list[HoldEvent]:
    return [HoldEvent(hold_id=hold_id, kind=HoldEventKind.EXPIRED, worker_ids=sorted(w for w, _pk in rows),
                      actor_name="system")
            for hold_id, rows in expired.items()]
