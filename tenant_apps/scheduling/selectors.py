"""Reads of the schedule: the availability engine's input loaded in a few queries (only the workers
who could do the job, only the days asked for), a job's duration and crew as the quote engine
computes them, holds of a customer, and a worker's schedule."""
from __future__ import annotations

import math
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import BigIntegerField, Exists, F, FloatField, Func, OuterRef, QuerySet
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from shared_apps.commitments.selectors import busy_elsewhere, busy_elsewhere_rows
from shared_apps.core.company import company_time_zone
from shared_apps.core.errors import NotFound, ValidationFailed
from shared_apps.core.geo import GeoPoint
from shared_apps.core.hours import LocalClock, epoch_minute, working_intervals
from shared_apps.core.queries import any_of
from shared_apps.credentials.selectors import current_credentials_of_user
from tenant_apps.catalog.models import Service
from tenant_apps.catalog.pricing import AddOnChoice, QuoteRequest, price_quote
from tenant_apps.catalog.selectors import current_company, pricing_terms_for
from tenant_apps.people.models import Customer, StaffMember
from tenant_apps.workforce.models import ACTIVE_WORKER, WorkerProfile
from tenant_apps.workforce.selectors import HoursInput, working_hours_of

from .collector import collection_paused
from .engine import Commitment, DaySlots, Job, Rules, Search, Slot, WorkerCalendar, find_slots
from .models import ACTIVE_STATUSES, Assignment, AssignmentStatus, SchedulingSettings
from .travel import Place, StraightLineTravel, TravelTimeProvider


def scheduling_settings() -> SchedulingSettings:
    """The company's scheduling settings (defaults when the row was never written)."""
    return SchedulingSettings.objects.filter(pk=1).first() or SchedulingSettings(pk=1)


def travel_provider(settings: SchedulingSettings) -> TravelTimeProvider:
    """The one place that chooses how travel time is estimated (a routing service would plug in here;
    the dispatch planner asks the same function)."""
    return StraightLineTravel(minutes_per_km=float(settings.travel_minutes_per_km))


# ---- what the job is -----------------------------------------------------------------------------

@dataclass(frozen=True)
class JobRequest:
    """What the customer asks for, as for a quote (minus the time)."""

    service_id: int
    variant_id: int | None = None
    add_ons: tuple[AddOnChoice, ...] = ()
    quantity: int | None = None
    duration_minutes: int | None = None
    location: GeoPoint | None = None


@dataclass(frozen=True)
class JobTerms:
    job: Job
    service_id: int
    variant_id: int
    required_skills: tuple[str, ...]
    horizon_days: int


def job_terms_for(request: JobRequest, *, now: datetime) -> JobTerms:
    """The job's duration, crew and lead time exactly as the quote engine computes them, with the
    same checks (variant, add-ons, quantity or hours, address inside the company's zones): the
    duration a customer is quoted is the one their slot was found for."""
    terms = pricing_terms_for(request.service_id)
    if terms is None:
        raise ValidationFailed({"service": [_("This service is not offered.")]})
    service, company = terms
    # Any time inside lead time and horizon will do: duration and crew do not depend on it.
    probe = now + timedelta(minutes=service.min_lead_minutes + 1)
    quote_request = QuoteRequest(
        service_id=request.service_id, start=probe, variant_id=request.variant_id, add_ons=request.add_ons,
        quantity=request.quantity, duration_minutes=request.duration_minutes, location=request.location,
    )
    try:
        priced = price_quote(service=service, company=company, request=quote_request, now=now)
    except ValidationFailed as exc:
        fields = {name: errors for name, errors in exc.fields.items() if name != "start"}
        raise ValidationFailed(fields or {"service": [
            _("This service cannot be booked within %(days)d days.") % {"days": company.booking_horizon_days}
        ]}) from None
    skills = Service.objects.filter(pk=request.service_id).values_list("required_skills", flat=True).first() or []
    return JobTerms(
        job=Job(duration_minutes=priced.duration_minutes, crew_size=priced.crew_size, location=request.location,
                lead_minutes=service.min_lead_minutes),
        service_id=request.service_id, variant_id=priced.variant_id, required_skills=tuple(skills),
        horizon_days=company.booking_horizon_days,
    )


# ---- who could do it, and when they are busy -----------------------------------------------------

def eligible_workers(*, service_id: int, required_skills: tuple[str, ...]) -> QuerySet[WorkerProfile]:
    """Active workers on the staff with every skill the service needs, whose service list is empty
    or names the service."""
    through = WorkerProfile.services.through
    return WorkerProfile.objects.filter(ACTIVE_WORKER, skills__contains=list(required_skills)).filter(
        ~Exists(through.objects.filter(workerprofile_id=OuterRef("pk")))
        | Exists(through.objects.filter(workerprofile_id=OuterRef("pk"), service_id=service_id))
    ).filter(_holds_required_credentials(service_id))


def _holds_required_credentials(service_id: int) -> Exists:
    """The worker holds every credential the service requires (approved, not expired): a condition
    on the same query, so the slot search makes no more queries whatever the number of workers."""
    held = current_credentials_of_user(OuterRef(OuterRef("staff_member__user_id"))).values("kind")
    return Exists(Service.objects.filter(pk=service_id, required_credentials__contained_by=ArraySubquery(held)))


def _point(latitude, longitude) -> GeoPoint | None:
    if latitude is None or longitude is None:
        return None
    return GeoPoint(float(latitude), float(longitude))


EPOCH_MINUTE_OF_START = Func(F("period"), template="floor(extract(epoch from lower(%(expressions)s)) / 60)::bigint",
                             output_field=BigIntegerField())
EPOCH_MINUTE_OF_END = Func(F("period"), template="ceil(extract(epoch from upper(%(expressions)s)) / 60)::bigint",
                           output_field=BigIntegerField())


def active_assignments(*, now: datetime) -> QuerySet[Assignment]:
    """Assignments that block their worker: booked ones and holds that have not expired."""
    return Assignment.objects.filter(status__in=ACTIVE_STATUSES).exclude(
        status=AssignmentStatus.HOLD, expires_at__lte=now)


WORKER_ROW_FIELDS = ("pk", "level", "home_latitude", "home_longitude", "service_radius_km", "staff_member__user_id")
WorkerRow = tuple  # (pk, level, home latitude, home longitude, radius km, user id): WORKER_ROW_FIELDS


def hours_window(first_day: date, last_day: date, duration_minutes: int) -> tuple[date, date]:
    """The days whose working hours a search from first_day to last_day needs: a job that starts
    late on last_day runs into the next days, so their shifts count too."""
    return first_day, last_day + timedelta(days=math.ceil(duration_minutes / (24 * 60)) + 1)


BUSY_HERE, BUSY_ELSEWHERE = 1, 2  # busy_query's first column


def busy_query(*, rows: list[WorkerRow], first_day: date, last_work_day: date, now: datetime,
               except_hold_id: uuid.UUID | None, clock: LocalClock) -> tuple[str, list]:
    """One statement for what keeps these workers busy around the days (the day before first_day to
    the day after last_work_day): rows of (part, worker id or user id, start, end in epoch minutes,
    latitude, longitude as floats). Part BUSY_HERE: this company's active assignments, by worker;
    BUSY_ELSEWHERE: the same people's commitments in other companies, by user, without a place.
    Epoch minutes and floats straight from PostgreSQL: thousands of rows, no datetimes or Decimals.
    A caller may send it together with its own queries (UNION ALL, same six columns)."""
    window = (clock.instant(clock.day_bounds(first_day - timedelta(days=1))[0]),
              clock.instant(clock.day_bounds(last_work_day + timedelta(days=1))[1]))
    here = active_assignments(now=now).filter(any_of("worker_id", [row[0] for row in rows]), period__overlap=window)
    if except_hold_id is not None:
        here = here.exclude(hold_id=except_hold_id)
    here = here.order_by().values_list("worker_id", EPOCH_MINUTE_OF_START, EPOCH_MINUTE_OF_END,
                                       Cast("latitude", FloatField()), Cast("longitude", FloatField()))
    elsewhere = busy_elsewhere_rows(user_ids=sorted({row[5] for row in rows if row[5] is not None}),
                                    company_id=current_company().pk, start=window[0], end=window[1], now=now)
    here_sql, here_params = here.query.sql_with_params()
    elsewhere_sql, elsewhere_params = elsewhere.query.sql_with_params()
    sql = (f"SELECT {BUSY_HERE}, q.* FROM ({here_sql}) AS q "  # noqa: S608 - the ORM's SQL
           f"UNION ALL SELECT {BUSY_ELSEWHERE}, q.user_id, floor(extract(epoch from lower(q.period)) / 60)::bigint, "
           f"ceil(extract(epoch from upper(q.period)) / 60)::bigint, NULL::float8, NULL::float8 "
           f"FROM ({elsewhere_sql}) AS q(user_id, period)")
    return sql, [*here_params, *elsewhere_params]


def availability_search(*, terms: JobTerms, first_day: date, last_day: date, now: datetime,
                        worker_ids: tuple[int, ...] | None = None, except_hold_id: uuid.UUID | None = None,
                        worker_rows: list[WorkerRow] | None = None,
                        settings: SchedulingSettings | None = None, hours: HoursInput | None = None,
                        busy: list[tuple] | None = None) -> Search:
    """The engine's input for the job over [first_day, last_day] (company dates): six queries, only
    the eligible workers and only the commitments near the range. `except_hold_id`: the visit's own
    rows do not count as commitments (who else could do a visit that is already booked).
    `worker_rows`: the eligible workers' WORKER_ROW_FIELDS when the caller has already read and
    checked them (the candidates list does): one query fewer. `settings`: the scheduling settings
    when the caller has them. `hours`: working_hours_of() for (at least) these workers from
    `first_day` to hours_window(...)'s last day, when the caller has it (the candidates keep it).
    `busy`: the rows of busy_query(...) for these workers, when the caller sent it with its own."""
    settings = settings or scheduling_settings()
    time_zone = company_time_zone()
    if worker_rows is not None:
        rows = list(worker_rows)
    else:
        workers = eligible_workers(service_id=terms.service_id, required_skills=terms.required_skills)
        if worker_ids is not None:
            workers = workers.filter(any_of("pk", worker_ids))
        rows = list(workers.values_list(*WORKER_ROW_FIELDS))
    ids = [row[0] for row in rows]
    # A job that starts late on last_day runs into the next days: their shifts count too.
    last_work_day = hours_window(first_day, last_day, terms.job.duration_minutes)[1]
    if hours is None:
        hours = working_hours_of(ids, first_day=first_day, last_day=last_work_day)
    clock = LocalClock(time_zone)
    commitments: dict[int, list[Commitment]] = {pk: [] for pk in ids}
    if ids:
        if busy is None:
            sql, params = busy_query(rows=rows, first_day=first_day, last_work_day=last_work_day, now=now,
                                     except_hold_id=except_hold_id, clock=clock)
            with connection.cursor() as cursor:  # plain rows: no per-row converters for thousands of them
                cursor.execute(sql, params)
                busy = cursor.fetchall()
        workers_of = {user_id: pk for pk, *_rest, user_id in rows}
        for part, who, start, end, latitude, longitude in busy:
            if part == BUSY_HERE:
                place = Place(latitude, longitude) if latitude is not None and longitude is not None else None
                commitments[who].append(Commitment(start, end, place))
            elif part == BUSY_ELSEWHERE:
                # The same people's commitments in other companies: plain busy time, no place (P3:
                # one person, one day, whichever company booked it).
                commitments[workers_of[who]].append(Commitment(start, end))
    calendars = tuple(
        WorkerCalendar(
            id=pk, hours=hours.hours[pk], commitments=tuple(commitments[pk]), level=level,
            home=_point(home_lat, home_lng),
            radius_m=float(radius) * 1000 if radius is not None and home_lat is not None else None,
        )
        for pk, level, home_lat, home_lng, radius, _user_id in rows
    )
    rules = Rules(time_zone=time_zone, slot_minutes=settings.slot_minutes,
                  buffer_before_minutes=settings.buffer_before_minutes,
                  buffer_after_minutes=settings.buffer_after_minutes, horizon_days=terms.horizon_days)
    return Search(job=terms.job, rules=rules, workers=calendars, now=now, travel=travel_provider(settings),
                  holidays=hours.holidays)


# ---- holds ---------------------------------------------------------------------------------------

def active_hold_count(customer: Customer, *, now: datetime) -> int:
    return (active_assignments(now=now).filter(customer=customer, status=AssignmentStatus.HOLD)
            .values("hold_id").distinct().count())


def hold_rows(hold_id) -> QuerySet[Assignment]:
    """The rows of a hold that are still held (none once it is released, booked or purged)."""
    return Assignment.objects.filter(hold_id=hold_id, status=AssignmentStatus.HOLD).order_by("worker_id")


@dataclass(frozen=True)
class CurrentHold:
    """One of a customer's holds still running (a crew's rows as one)."""

    hold_id: uuid.UUID
    service_id: int | None
    variant_id: int | None
    start: datetime
    end: datetime
    expires_at: datetime


def current_holds(customer: Customer, *, now: datetime, service_id: int | None = None) -> list[CurrentHold]:
    """The customer's unexpired holds, soonest first (those that count against their hold limit)."""
    rows = active_assignments(now=now).filter(customer=customer, status=AssignmentStatus.HOLD)
    if service_id is not None:
        rows = rows.filter(service_id=service_id)
    found: dict[uuid.UUID, CurrentHold] = {}
    for row in rows.order_by("starts_at", "hold_id"):
        found.setdefault(row.hold_id, CurrentHold(hold_id=row.hold_id, service_id=row.service_id,
                                                  variant_id=row.variant_id, start=row.starts_at, end=row.ends_at,
                                                  expires_at=row.expires_at))
    return list(found.values())


def get_hold_for(customer: Customer, hold_id) -> list[Assignment]:
    """The rows of one of the customer's holds (expired ones included until they are purged);
    another customer's hold, a booked one and a missing one look the same."""
    try:
        key = uuid.UUID(str(hold_id))
    except ValueError:
        raise NotFound("hold") from None
    rows = list(Assignment.objects.filter(hold_id=key, customer=customer, status=AssignmentStatus.HOLD)
                .order_by("worker_id"))
    if not rows:
        raise NotFound("hold")
    return rows


# ---- a worker's schedule -------------------------------------------------------------------------

@dataclass(frozen=True)
class WorkerSchedule:
    worker_id: int
    working: tuple[tuple[datetime, datetime], ...]  # shifts minus time off and holidays
    assignments: tuple[Assignment, ...]
    busy_elsewhere: tuple[tuple[datetime, datetime], ...] = ()  # for other companies: when only


def worker_schedule(worker_id: int, *, first_day: date, last_day: date, now: datetime) -> WorkerSchedule:
    time_zone = company_time_zone()
    clock = LocalClock(time_zone)
    hours = working_hours_of([worker_id], first_day=first_day, last_day=last_day)
    closures = [clock.span(span) for span in hours.holidays]
    start, end = clock.day_bounds(first_day)[0], clock.day_bounds(last_day)[1]
    working = [
        (clock.instant(max(a, start)), clock.instant(min(b, end)))
        for a, b in working_intervals(hours.hours[worker_id], first_day=first_day, last_day=last_day, clock=clock,
                                      closures=closures)
        if b > start and a < end
    ]
    window = (clock.instant(start), clock.instant(end))
    assignments = (active_assignments(now=now).filter(worker_id=worker_id, period__overlap=window)
                   .select_related("service").order_by("starts_at"))
    user_id = StaffMember.objects.filter(pk=worker_id).values_list("user_id", flat=True).first()
    elsewhere = busy_elsewhere(user_ids=[user_id] if user_id else [], company_id=current_company().pk,
                               start=window[0], end=window[1], now=now)
    return WorkerSchedule(worker_id=worker_id, working=tuple(working), assignments=tuple(assignments),
                          busy_elsewhere=tuple((start, end) for _user, start, end in elsewhere))



# ---- the storefront's calendar -------------------------------------------------------------------

EARLIEST_STEP_DAYS = 14  # "earliest available" searches this many days at a time, up to the horizon


@dataclass(frozen=True)
class OpenDays:
    """The job's free start times over some days, and the dates a customer may book at all."""

    terms: JobTerms
    time_zone: str
    first_bookable: date  # today, in the company's time zone
    last_bookable: date  # the booking horizon's last date
    days: tuple[DaySlots, ...]

    def slots_of(self, day: date) -> tuple[Slot, ...]:
        return next((d.slots for d in self.days if d.day == day), ())


def _bookable_dates(terms: JobTerms, now: datetime, time_zone: str) -> tuple[date, date]:
    clock = LocalClock(time_zone)
    return (clock.local_date(epoch_minute(now)),
            clock.local_date(epoch_minute(now + timedelta(days=terms.horizon_days))))


def open_days(request: JobRequest, *, first_day: date, last_day: date, now: datetime) -> OpenDays:
    """The free start times of the job from `first_day` to `last_day` (company dates), clipped to
    today and the booking horizon; never which workers. ValidationFailed for a job that cannot be
    booked (as job_terms_for)."""
    terms = job_terms_for(request, now=now)
    time_zone = company_time_zone()
    today, horizon = _bookable_dates(terms, now, time_zone)
    first, last = max(first_day, today), min(last_day, horizon)
    days: list[DaySlots] = []
    if first <= last:
        with collection_paused():
            search = availability_search(terms=terms, first_day=first, last_day=last, now=now)
            days = find_slots(search, first_day=first, last_day=last)
    return OpenDays(terms=terms, time_zone=time_zone, first_bookable=today, last_bookable=horizon, days=tuple(days))


def earliest_slot(request: JobRequest, *, now: datetime) -> Slot | None:
    """The first free start time of the job within the booking horizon, or None."""
    terms = job_terms_for(request, now=now)
    today, horizon = _bookable_dates(terms, now, company_time_zone())
    first = today
    while first <= horizon:
        last = min(first + timedelta(days=EARLIEST_STEP_DAYS - 1), horizon)
        with collection_paused():
            search = availability_search(terms=terms, first_day=first, last_day=last, now=now)
            days = find_slots(search, first_day=first, last_day=last)
        for day in days:
            if day.slots:
                return day.slots[0]
        first = last + timedelta(days=1)
    return None


def assignments_between(*, first_day: date, last_day: date, now: datetime,
                        worker_ids: tuple[int, ...] | None = None) -> QuerySet[Assignment]:
    """Booked and held assignments starting from `first_day` to `last_day` (company dates), for the
    office's roster; with their service."""
    clock = LocalClock(company_time_zone())
    window = (clock.instant(clock.day_bounds(first_day)[0]), clock.instant(clock.day_bounds(last_day)[1]))
    qs = active_assignments(now=now).filter(starts_at__gte=window[0], starts_at__lt=window[1])
    if worker_ids is not None:
        qs = qs.filter(worker_id__in=worker_ids)
    return qs.select_related("service").order_by("starts_at", "worker_id")
