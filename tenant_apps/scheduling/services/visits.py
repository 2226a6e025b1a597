"""What orders do with their visits' rows: free a worker's (or all) time, book a worker for a visit.
The orders app changes assignment rows only through these and holds.py, so the hold history and the
people's commitments follow every change."""
from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, OperationalError, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User
from shared_apps.commitments.steps import drop_commitments
from shared_apps.core.actor import SystemActor
from shared_apps.core.errors import DomainError
from tenant_apps.catalog.selectors import current_company

from ..errors import SchedulingError
from ..locks import lock_active_rows, lock_worker_schedules
from ..models import Assignment, AssignmentStatus, HoldEvent, HoldEventKind
from ..selectors import scheduling_settings
from .records import _actor_fields, _is_conflict, _write_commitments


def release_assignments(*, actor: User | SystemActor, hold_id: uuid.UUID, worker_id: int | None = None,
                        holds_only: bool = False) -> int:
    """Free a visit's time (of one worker, or all): held rows are deleted (a hold's row needs an
    expiry), booked ones become cancelled (unless `holds_only`); their people's commitments go.
    Returns how many rows were freed."""
    with transaction.atomic():
        rows = lock_active_rows(hold_id, worker_id=worker_id)
        held = [r for r in rows if r.status == AssignmentStatus.HOLD]
        booked = [] if holds_only else [r for r in rows if r.status == AssignmentStatus.BOOKED]
        if not held and not booked:
            return 0
        Assignment.objects.filter(pk__in=[r.pk for r in held]).delete()
        Assignment.objects.filter(pk__in=[r.pk for r in booked]).update(status=AssignmentStatus.CANCELLED,
                                                                         updated_at=timezone.now())
        drop_commitments(company_id=current_company().pk, assignment_ids=[r.pk for r in held + booked])
        events = []
        if held:
            events.append(HoldEvent(hold_id=hold_id, kind=HoldEventKind.RELEASED,
                                    worker_ids=[r.worker_id for r in held], **_actor_fields(actor)))
        if booked:
            events.append(HoldEvent(hold_id=hold_id, kind=HoldEventKind.CANCELLED,
                                    worker_ids=[r.worker_id for r in booked], **_actor_fields(actor)))
        HoldEvent.objects.bulk_create(events)
    return len(held) + len(booked)


@dataclass(frozen=True)
class Visit:
    """What a booked row is for, when a worker is booked for a visit that has no row for them."""

    hold_id: uuid.UUID
    service_id: int | None
    variant_id: int | None
    customer_id: int | None
    starts_at: datetime
    ends_at: datetime
    latitude: Decimal | None
    longitude: Decimal | None
    crew_size: int


def book_worker(*, actor: User | SystemActor, visit: Visit, worker_id: int, replacing: int | None = None) -> Assignment:
    """Book `worker_id` for the visit: the row of the worker `replacing` moves to them (kept as it
    is, a hold becoming booked), or a new booked row is written. worker_busy (409) when they are
    busy then, in this company or another one."""
    try:
        with transaction.atomic():
            existing = lock_active_rows(visit.hold_id, worker_id=replacing) if replacing else []
            lock_worker_schedules([w for w in (worker_id, replacing) if w])  # after the rows: the lock order
            if existing:
                row = existing[0]
                row.worker_id, row.status, row.expires_at = worker_id, AssignmentStatus.BOOKED, None
                row.save(update_fields=["worker", "status", "expires_at", "updated_at"])
            else:
                settings = scheduling_settings()
                row = Assignment.objects.create(
                    worker_id=worker_id, status=AssignmentStatus.BOOKED, hold_id=visit.hold_id,
                    service_id=visit.service_id, variant_id=visit.variant_id, customer_id=visit.customer_id,
                    starts_at=visit.starts_at, ends_at=visit.ends_at,
                    period=DateTimeTZRange(visit.starts_at - timedelta(minutes=settings.buffer_before_minutes),
                                           visit.ends_at + timedelta(minutes=settings.buffer_after_minutes)),
                    latitude=visit.latitude, longitude=visit.longitude, crew_size=visit.crew_size)
            _write_commitments(rows=[row])
            HoldEvent.objects.create(hold_id=visit.hold_id, kind=HoldEventKind.ASSIGNED, worker_ids=[worker_id],
                                     data={"replacing": replacing} if existing else {}, **_actor_fields(actor))
    except (IntegrityError, OperationalError) as exc:
        if _is_conflict(exc):
            raise DomainError(SchedulingError.WORKER_BUSY, _("This worker is already busy at that time."),
                              status=409, fields={"worker": [_("This worker is already busy at that time.")]}) from None
        raise
    return row


def book_workers(*, actor: User | SystemActor, bookings: Sequence[tuple[Visit, int]]) -> list[Assignment]:
    """Book many workers at once, each for a visit that has no row for them (automatic dispatch's
    offers to a batch of paid orders): the workers' schedule locks in one statement (id order, as
    always), then the booked rows, their people's commitments and their hold events each in one
    statement. All or nothing: worker_busy (409) when any one of them is busy then, here or in another
    company (the same exclusion constraints judge as for book_worker); nothing is written, and the
    caller books them one by one to find out which. Returns the rows in the order of `bookings`."""
    if not bookings:
        return []
    try:
        with transaction.atomic():
            lock_worker_schedules(worker_id for _visit, worker_id in bookings)
            settings = scheduling_settings()
            before = timedelta(minutes=settings.buffer_before_minutes)
            after = timedelta(minutes=settings.buffer_after_minutes)
            rows = Assignment.objects.bulk_create([
                Assignment(worker_id=worker_id, status=AssignmentStatus.BOOKED, hold_id=visit.hold_id,
                           service_id=visit.service_id, variant_id=visit.variant_id, customer_id=visit.customer_id,
                           starts_at=visit.starts_at, ends_at=visit.ends_at,
                           period=DateTimeTZRange(visit.starts_at - before, visit.ends_at + after),
                           latitude=visit.latitude, longitude=visit.longitude, crew_size=visit.crew_size)
                for visit, worker_id in bookings])
            _write_commitments(rows=rows, new=True)
            who = _actor_fields(actor)
            HoldEvent.objects.bulk_create([
                HoldEvent(hold_id=visit.hold_id, kind=HoldEventKind.ASSIGNED, worker_ids=[worker_id], data={}, **who)
                for visit, worker_id in bookings])
    except (IntegrityError, OperationalError) as exc:
        if _is_conflict(exc):
            raise DomainError(SchedulingError.WORKER_BUSY, _("One of these workers is already busy at that time."),
                              status=409) from None
        raise
    return rows
