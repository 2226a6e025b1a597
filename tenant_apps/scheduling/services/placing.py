"""Placing a hold: take a slot (a short hold while the customer pays), crew and all, or none.

The engine's answer is advisory; the database is the judge. Placing a hold inserts the rows and lets
the exclusion constraint refuse an overlap (a lost race becomes slot_taken). Travel between
consecutive visits depends on both neighbours, so it cannot be part of a row's range: after the
insert, the hold takes a per-worker lock and checks its neighbours. Whoever checks second sees the
first one's committed row, so two holds too close for the travel between them never both commit."""
from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User, UserStatus
from shared_apps.commitments.steps import drop_commitments, drop_expired_commitments
from shared_apps.core.company import company_time_zone
from shared_apps.core.errors import DomainError, ValidationFailed
from shared_apps.core.geo import GeoPoint
from shared_apps.core.hours import LocalClock, epoch_minute
from tenant_apps.catalog.selectors import current_company
from tenant_apps.people.locks import lock_customer
from tenant_apps.people.models import Customer, StaffMember

from ..calendar import days_data
from ..engine import DaySlots, find_slots, free_workers_at, is_on_grid
from ..errors import SchedulingError
from ..locks import lock_worker_schedules
from ..models import Assignment, AssignmentStatus, HoldEvent, HoldEventKind, SchedulingSettings
from ..selectors import (
    JobRequest,
    JobTerms,
    active_assignments,
    active_hold_count,
    availability_search,
    job_terms_for,
    scheduling_settings,
    travel_provider,
)
from .records import _actor_fields, _expiry_events, _is_conflict, _write_commitments

MAX_ATTEMPTS = 3  # a hold whose workers were chosen for the customer tries others after a lost race
FRESH_SLOT_DAYS = 3  # slot_taken carries the slots of the chosen day and the two after it


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


def _time_zone() -> str:
    return company_time_zone()


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
            drop_commitments(company_id=current_company().pk,
                             assignment_ids=[pk for ids in expired.values() for _w, pk in ids])
            users = StaffMember.objects.filter(pk__in=worker_ids).values_list("user_id", flat=True)
            drop_expired_commitments(user_ids=users, start=period.lower, end=period.upper, now=now)
            rows = Assignment.objects.bulk_create([
                Assignment(worker_id=worker_id, status=AssignmentStatus.HOLD, hold_id=hold_id,
                           service_id=terms.service_id, variant_id=terms.variant_id, customer=customer,
                           starts_at=start, ends_at=end, period=period, latitude=latitude, longitude=longitude,
                           crew_size=job.crew_size, expires_at=expires_at)
                for worker_id in worker_ids
            ])
            _write_commitments(rows=rows, new=True)
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
