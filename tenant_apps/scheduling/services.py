"""Holds and assignments: take a slot (a short hold while the customer pays), release it, confirm it
(booking), purge expired holds; and the company's scheduling settings.

The engine's answer is advisory; the database is the judge. Placing a hold inserts the rows and lets
the exclusion constraint refuse an overlap (a lost race becomes slot_taken). Travel between
consecutive visits depends on both neighbours, so it cannot be part of a row's range: after the
insert, the hold takes a per-worker lock and checks its neighbours. Whoever checks second sees the
first one's committed row, so two holds too close for the travel between them never both commit.
"""
from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User, UserStatus
from shared_apps.commitments.services import Busy, drop_commitments, drop_expired_commitments, replace_commitments
from shared_apps.core.actor import SystemActor
from shared_apps.core.company import company_time_zone
from shared_apps.core.errors import DomainError, ValidationFailed
from shared_apps.core.geo import GeoPoint
from shared_apps.core.hours import LocalClock, epoch_minute
from tenant_apps.catalog.selectors import current_company
from tenant_apps.people.locks import lock_customer
from tenant_apps.people.models import Customer, StaffMember

from .calendar import days_data
from .engine import DaySlots, find_slots, free_workers_at, is_on_grid
from .errors import SchedulingError
from .locks import lock_active_rows, lock_hold_rows, lock_scheduling_settings, lock_worker_schedules
from .models import ACTIVE_STATUSES, Assignment, AssignmentStatus, HoldEvent, HoldEventKind, SchedulingSettings
from .selectors import (
    JobRequest,
    JobTerms,
    active_assignments,
    active_hold_count,
    availability_search,
    get_hold_for,
    job_terms_for,
    scheduling_settings,
    travel_provider,
)

MAX_ATTEMPTS = 3  # a hold whose workers were chosen for the customer tries others after a lost race
FRESH_SLOT_DAYS = 3  # slot_taken carries the slots of the chosen day and the two after it
CONFLICT_STATES = {"23P01", "40P01"}  # exclusion violation; deadlock (should not happen: one lock order)


class SlotTaken(DomainError):
    """Somebody else got there first; `days` are the slots as they are now."""

    def __init__(self, days: list[DaySlots], *, time_zone: str) -> None:
        self.days = days
        super().__init__(SchedulingError.SLOT_TAKEN, _("This time was just taken"), status=409,
                         extra={"slots": days_data(days, time_zone=time_zone)})


class _LostRace(Exception):
    pass


@dataclass(frozen=True)
class HoldRequest:
    job: JobRequest
    start: datetime
    worker_ids: tuple[int, ...] | None = None  # None: the best free workers are chosen


@dataclass(frozen=True)
class PlacedHold:
    hold_id: uuid.UUID
    expires_at: datetime
    start: datetime
    end: datetime
    worker_ids: tuple[int, ...]
    service_id: int
    variant_id: int
    crew_size: int
    duration_minutes: int


def _actor_fields(actor) -> dict[str, Any]:
    if isinstance(actor, User) and actor.pk:
        return {"actor": actor, "actor_name": ""}
    return {"actor": None, "actor_name": str(actor)[:40]}


def _time_zone() -> str:
    return company_time_zone()


# ---- the people's commitments (public schema) ----------------------------------------------------

def _write_commitments(*, actor, rows: list[Assignment], remove: tuple[int, ...] = (), new: bool = False) -> None:
    """Mirror these assignment rows as their people's commitments (a hold's with its expiry; rows no
    longer active lose theirs), in the caller's transaction. IntegrityError (23P01) when a person is
    busy in another company at that time."""
    users = dict(StaffMember.objects.filter(pk__in={r.worker_id for r in rows}).values_list("pk", "user_id"))
    replace_commitments(
        actor=actor, company_id=current_company().pk,
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


def _rewrite_commitments_or_expired(*, actor, rows: list[Assignment]) -> None:
    """Re-write the commitments of a hold being kept (extended or confirmed). A hold past its expiry
    may have lost its commitment to another company's hold in the meantime: then it is expired."""
    try:
        with transaction.atomic():
            _write_commitments(actor=actor, rows=rows)
    except (IntegrityError, OperationalError) as exc:
        if _is_conflict(exc):
            raise _hold_expired() from None
        raise


# ---- placing a hold ------------------------------------------------------------------------------

def place_hold(*, actor: User, customer: Customer, request: HoldRequest, now: datetime | None = None) -> PlacedHold:
    """Hold the slot at `request.start` for the customer: `crew_size` workers at once, or none.

    Raises ValidationFailed for a bad request (not an offered time, too soon, workers who cannot do
    the job), too_many_holds, or SlotTaken (409) carrying fresh slots when the time is gone."""
    now = now or timezone.now()
    if getattr(actor, "status", None) == UserStatus.RESTRICTED:
        # The order step refuses restricted accounts; holding times they can never book would
        # only keep workers' calendars blocked.
        raise DomainError(SchedulingError.ACCOUNT_RESTRICTED,
                          _("Your account is restricted and cannot place orders. Please contact support."),
                          status=403)
    if request.start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    settings = scheduling_settings()
    terms = job_terms_for(request.job, now=now)
    _check_start(request, terms, settings, now)
    if request.worker_ids is not None and len(set(request.worker_ids)) != terms.job.crew_size:
        raise ValidationFailed({"workers": [_("Choose %(count)d different workers for this job.")
                                            % {"count": terms.job.crew_size}]})
    if active_hold_count(customer, now=now) >= settings.max_holds_per_customer:
        raise _too_many_holds()  # counted again under the customer's lock when the hold is written
    day = LocalClock(_time_zone()).local_date(epoch_minute(request.start))
    for _attempt in range(MAX_ATTEMPTS):
        search = availability_search(terms=terms, first_day=day, last_day=day, now=now, worker_ids=request.worker_ids)
        if request.worker_ids is not None:
            unable = sorted(set(request.worker_ids) - {w.id for w in search.workers})
            if unable:
                raise ValidationFailed({"workers": [_("These workers cannot do this job: %(ids)s.")
                                                    % {"ids": ", ".join(map(str, unable))}]})
        free = free_workers_at(search, start=request.start)
        if request.worker_ids is not None:
            chosen = tuple(sorted(request.worker_ids)) if set(request.worker_ids) <= set(free) else None
        else:
            chosen = tuple(sorted(free[:terms.job.crew_size])) if len(free) >= terms.job.crew_size else None
        if chosen is None:
            break
        try:
            return _write_hold(actor=actor, customer=customer, terms=terms, start=request.start, worker_ids=chosen,
                               settings=settings, now=now)
        except _LostRace:
            if request.worker_ids is not None:
                break
    raise _slot_taken(terms, day=day, now=now, worker_ids=request.worker_ids)


def _too_many_holds() -> DomainError:
    return DomainError(SchedulingError.TOO_MANY_HOLDS,
                       _("You are holding too many times already; release one or finish booking it."), status=409)


def _check_start(request: HoldRequest, terms: JobTerms, settings: SchedulingSettings, now: datetime) -> None:
    start = request.start
    if not is_on_grid(start, time_zone=_time_zone(), slot_minutes=settings.slot_minutes):
        raise ValidationFailed({"start": [_("Choose one of the offered times.")]})
    if start < now + timedelta(minutes=terms.job.lead_minutes):
        raise ValidationFailed({"start": [_("Book at least %(hours)s hours ahead.")
                                          % {"hours": f"{terms.job.lead_minutes / 60:g}"}]})
    if start > now + timedelta(days=terms.horizon_days):
        raise ValidationFailed({"start": [_("Book at most %(days)d days ahead.") % {"days": terms.horizon_days}]})


def _slot_taken(terms: JobTerms, *, day, now: datetime, worker_ids: tuple[int, ...] | None) -> SlotTaken:
    last = day + timedelta(days=FRESH_SLOT_DAYS - 1)
    search = availability_search(terms=terms, first_day=day, last_day=last, now=now, worker_ids=worker_ids)
    return SlotTaken(find_slots(search, first_day=day, last_day=last), time_zone=_time_zone())


def _write_hold(*, actor: User, customer: Customer, terms: JobTerms, start: datetime, worker_ids: tuple[int, ...],
                settings: SchedulingSettings, now: datetime) -> PlacedHold:
    """Insert the hold's rows (in worker id order) and check travel under the workers' locks; raises
    _LostRace when the constraint or the travel check refuses."""
    job = terms.job
    end = start + timedelta(minutes=job.duration_minutes)
    period = DateTimeTZRange(start - timedelta(minutes=settings.buffer_before_minutes),
                             end + timedelta(minutes=settings.buffer_after_minutes))
    hold_id = uuid.uuid4()
    expires_at = now + timedelta(minutes=settings.hold_minutes)
    latitude = longitude = None
    if job.location is not None:
        latitude = Decimal(str(round(job.location.latitude, 6)))
        longitude = Decimal(str(round(job.location.longitude, 6)))
    try:
        with transaction.atomic():
            # The hold limit is counted under the customer's lock, so simultaneous holds of one
            # customer are counted one after another (lock order: customer, then assignments).
            lock_customer(customer.pk)
            if active_hold_count(customer, now=now) >= settings.max_holds_per_customer:
                raise _too_many_holds()
            expired = _delete_expired_holds(worker_ids=worker_ids, period=period, now=now)
            drop_commitments(actor=actor, company_id=current_company().pk,
                             assignment_ids=[pk for ids in expired.values() for _w, pk in ids])
            users = StaffMember.objects.filter(pk__in=worker_ids).values_list("user_id", flat=True)
            drop_expired_commitments(actor=actor, user_ids=users, start=period.lower, end=period.upper, now=now)
            rows = Assignment.objects.bulk_create([
                Assignment(worker_id=worker_id, status=AssignmentStatus.HOLD, hold_id=hold_id,
                           service_id=terms.service_id, variant_id=terms.variant_id, customer=customer,
                           starts_at=start, ends_at=end, period=period, latitude=latitude, longitude=longitude,
                           crew_size=job.crew_size, expires_at=expires_at)
                for worker_id in worker_ids
            ])
            _write_commitments(actor=actor, rows=rows, new=True)
            lock_worker_schedules(worker_ids)
            _check_travel(rows, settings=settings, now=now)
            HoldEvent.objects.bulk_create([
                *_expiry_events(expired),
                HoldEvent(hold_id=hold_id, kind=HoldEventKind.PLACED, worker_ids=list(worker_ids),
                          data={"start": start.isoformat(), "end": end.isoformat(), "service": terms.service_id,
                                "customer": customer.pk}, **_actor_fields(actor)),
            ])
    except (IntegrityError, OperationalError) as exc:
        if _is_conflict(exc):
            raise _LostRace from None
        raise
    return PlacedHold(hold_id=hold_id, expires_at=expires_at, start=start, end=end, worker_ids=worker_ids,
                      service_id=terms.service_id, variant_id=terms.variant_id, crew_size=job.crew_size,
                      duration_minutes=job.duration_minutes)


def _delete_expired_holds(*, worker_ids: tuple[int, ...], period: DateTimeTZRange,
                          now: datetime) -> dict[uuid.UUID, list[tuple[int, int]]]:
    """Delete the expired holds that would block these workers in `period` (every row of such a
    hold, crew mates included), so that an expired hold never blocks, even before beat runs. Raw SQL:
    one statement, no per-row signals. Returns {hold id: [(worker id, assignment id)]}."""
    table = connection.ops.quote_name(Assignment._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""DELETE FROM {table} WHERE status = 'hold' AND expires_at <= %s AND hold_id IN (
                    SELECT hold_id FROM {table} WHERE status = 'hold' AND expires_at <= %s
                    AND worker_id = ANY(%s) AND period && tstzrange(%s, %s))
                RETURNING hold_id, worker_id, id""",  # noqa: S608 - the table name is ours
            [now, now, list(worker_ids), period.lower, period.upper],
        )
        deleted: dict[uuid.UUID, list[tuple[int, int]]] = defaultdict(list)
        for hold_id, worker_id, pk in cursor.fetchall():
            deleted[hold_id].append((worker_id, pk))
    return deleted


def _expiry_events(expired: dict[uuid.UUID, list[tuple[int, int]]]) -> list[HoldEvent]:
    return [HoldEvent(hold_id=hold_id, kind=HoldEventKind.EXPIRED, worker_ids=sorted(w for w, _pk in rows),
                      actor_name="system")
            for hold_id, rows in expired.items()]


def _check_travel(rows: list[Assignment], *, settings: SchedulingSettings, now: datetime) -> None:
    """Each new row leaves enough time to travel from the worker's previous commitment and to the
    next one. Expects the workers' schedule locks (lock_worker_schedules)."""
    travel = travel_provider(settings)
    for row in rows:
        if row.latitude is None:
            continue
        site = GeoPoint(float(row.latitude), float(row.longitude))
        lower, upper = row.period.lower, row.period.upper
        near = active_assignments(now=now).filter(
            worker_id=row.worker_id, period__overlap=(lower - timedelta(days=1), upper + timedelta(days=1)),
        ).exclude(hold_id=row.hold_id).values_list("period__startswith", "period__endswith", "latitude", "longitude")
        before = [(end, lat, lng) for start, end, lat, lng in near if end <= lower and lat is not None]
        after = [(start, lat, lng) for start, end, lat, lng in near if start >= upper and lat is not None]
        if before:
            end, lat, lng = max(before, key=lambda item: item[0])
            seconds = travel.durations([GeoPoint(float(lat), float(lng))], [site])[0][0]
            if end + timedelta(seconds=seconds) > lower:
                raise _LostRace
        if after:
            start, lat, lng = min(after, key=lambda item: item[0])
            seconds = travel.durations([site], [GeoPoint(float(lat), float(lng))])[0][0]
            if upper + timedelta(seconds=seconds) > start:
                raise _LostRace


# ---- releasing, confirming, expiring -------------------------------------------------------------

def release_hold(*, actor: User, customer: Customer, hold_id: uuid.UUID | str) -> None:
    """The customer lets the time go (all of a crew's rows)."""
    rows = get_hold_for(customer, hold_id)
    with transaction.atomic():
        deleted = Assignment.objects.filter(pk__in=[r.pk for r in rows], status=AssignmentStatus.HOLD).delete()[0]
        if deleted:
            drop_commitments(actor=actor, company_id=current_company().pk, assignment_ids=[r.pk for r in rows])
            HoldEvent.objects.create(hold_id=rows[0].hold_id, kind=HoldEventKind.RELEASED,
                                     worker_ids=[r.worker_id for r in rows], **_actor_fields(actor))


def confirm_hold(*, actor: User | SystemActor, hold_id: uuid.UUID) -> list[Assignment]:
    """Turn a hold into booked assignments (when the order is paid). A hold past its expiry that is
    still there can be confirmed: nobody could have taken its time while its rows existed. One that
    is gone raises hold_expired, and so does one whose time another company took for the same person
    after it expired (its commitment was given up then)."""
    with transaction.atomic():
        rows = lock_hold_rows(hold_id)
        if not rows:
            raise _hold_expired()
        Assignment.objects.filter(pk__in=[r.pk for r in rows]).update(status=AssignmentStatus.BOOKED,
                                                                       expires_at=None, updated_at=timezone.now())
        for row in rows:
            row.status, row.expires_at = AssignmentStatus.BOOKED, None
        _rewrite_commitments_or_expired(actor=actor, rows=rows)
        HoldEvent.objects.create(hold_id=hold_id, kind=HoldEventKind.CONFIRMED,
                                 worker_ids=[r.worker_id for r in rows], **_actor_fields(actor))
    return rows


def purge_expired_holds(*, actor: SystemActor | User, now: datetime | None = None) -> int:
    """Delete every expired hold of the current company (beat runs this every minute); returns how
    many holds went."""
    now = now or timezone.now()
    table = connection.ops.quote_name(Assignment._meta.db_table)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE status = 'hold' AND expires_at <= %s "  # noqa: S608
                           "RETURNING hold_id, worker_id, id", [now])
            expired: dict[uuid.UUID, list[tuple[int, int]]] = defaultdict(list)
            for hold_id, worker_id, pk in cursor.fetchall():
                expired[hold_id].append((worker_id, pk))
        if expired:
            drop_commitments(actor=actor, company_id=current_company().pk,
                             assignment_ids=[pk for rows in expired.values() for _w, pk in rows])
        events = _expiry_events(expired)
        if isinstance(actor, User):
            for event in events:
                event.actor, event.actor_name = actor, ""
        HoldEvent.objects.bulk_create(events)
    return len(expired)


# ---- what orders do with their visits' rows ------------------------------------------------------
# The orders app changes assignment rows only through these, so the hold history and the people's
# commitments follow every change.

def extend_hold(*, actor: User | SystemActor, hold_id: uuid.UUID, expires_at: datetime) -> list[Assignment]:
    """Keep a hold until `expires_at` (booking keeps it while the customer pays; a move request
    keeps the new time until it is answered). hold_expired when it is gone, or when its time went to
    another company's hold for the same person after it expired."""
    with transaction.atomic():
        rows = lock_hold_rows(hold_id)
        if not rows:
            raise _hold_expired()
        Assignment.objects.filter(pk__in=[r.pk for r in rows]).update(expires_at=expires_at,
                                                                       updated_at=timezone.now())
        for row in rows:
            row.expires_at = expires_at
        _rewrite_commitments_or_expired(actor=actor, rows=rows)
        HoldEvent.objects.create(hold_id=hold_id, kind=HoldEventKind.EXTENDED, worker_ids=[r.worker_id for r in rows],
                                 data={"expires_at": expires_at.isoformat()}, **_actor_fields(actor))
    return rows


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
        drop_commitments(actor=actor, company_id=current_company().pk, assignment_ids=[r.pk for r in held + booked])
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
            _write_commitments(actor=actor, rows=[row])
            HoldEvent.objects.create(hold_id=visit.hold_id, kind=HoldEventKind.ASSIGNED, worker_ids=[worker_id],
                                     data={"replacing": replacing} if existing else {}, **_actor_fields(actor))
    except (IntegrityError, OperationalError) as exc:
        if _is_conflict(exc):
            raise DomainError(SchedulingError.WORKER_BUSY, _("This worker is already busy at that time."),
                              status=409, fields={"worker": [_("This worker is already busy at that time.")]}) from None
        raise
    return row


# ---- settings ------------------------------------------------------------------------------------

SETTINGS_FIELDS = ("slot_minutes", "buffer_before_minutes", "buffer_after_minutes", "travel_minutes_per_km",
                   "hold_minutes", "max_holds_per_customer")


def update_scheduling_settings(*, actor: User, changes: dict[str, Any]) -> SchedulingSettings:
    from shared_apps.changes.services import record_change

    with transaction.atomic():
        row = lock_scheduling_settings()
        for name in SETTINGS_FIELDS:
            if name in changes:
                setattr(row, name, changes[name])
        try:
            row.full_clean()
        except ValidationError as exc:
            raise ValidationFailed({k: [str(m) for m in v] for k, v in exc.message_dict.items()}) from None
        row.save()
        record_change(actor=actor, action="scheduling_settings.changed", target_id=None, data=changes)
    return row
