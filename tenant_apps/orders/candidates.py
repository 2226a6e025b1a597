"""Who could take an order, best first, and why: the dispatcher's candidates and automatic dispatch's
order of offers. A fixed number of queries whatever the number of workers (docs/decisions.md,
"Candidates and their score").

score = sum over reasons of weight x value, each value in [0, 1] and each weight 0..10 (DispatchSettings):
- travel: 1 - minutes / 60 (0 from an hour away), from the end of the worker's previous job that day,
  else from home; 0.5 when either place is unknown;
- rating: 0.5 for everyone (reviews carry no score yet; the neutral middle);
- level: (level - 1) / (MAX_LEVEL - 1);
- workload: 1 - booked hours in the order's week / 40 (fairness: the less booked, the higher);
- previous_worker: 1 when the worker did a finished visit for this customer, else 0.
Ties go to the lower worker id, so the order is stable."""
from __future__ import annotations

import dataclasses
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, OuterRef, Sum
from django.utils.translation import gettext as _

from shared_apps.core.company import company_time_zone
from shared_apps.core.geo import GeoPoint, distance_m
from shared_apps.core.hours import LocalClock, epoch_minute
from shared_apps.core.queries import any_of
from shared_apps.credentials.models import CredentialKind
from shared_apps.credentials.selectors import workers_holding
from tenant_apps.scheduling.engine import Commitment, Job, Search, allowed_starts
from tenant_apps.scheduling.selectors import (
    JobTerms,
    active_assignments,
    availability_search,
    scheduling_settings,
)
from tenant_apps.scheduling.travel import Place
from tenant_apps.workforce.models import MAX_LEVEL, WorkerProfile, WorkerStatus

from .models import DispatchSettings, Order, OrderStatus

REASONS = ("travel", "rating", "level", "workload", "previous_worker")
TRAVEL_CAP_MINUTES = 60
FULL_WEEK_HOURS = 40
NEUTRAL = 0.5


def dispatch_settings() -> DispatchSettings:
    """The company's dispatch settings (defaults when the row was never written)."""
    return DispatchSettings.objects.filter(pk=1).first() or DispatchSettings(pk=1)


def passed_workers(order: Order) -> frozenset[int]:
    """Workers who declined the order or let its automatic offer run out (never offered it again)."""
    return frozenset(order.events.filter(action__in=("decline", "expire_offer"))
                     .values_list("data__worker", flat=True))


def weights_of(settings: DispatchSettings) -> dict[str, int]:
    return {name: getattr(settings, f"weight_{name}") for name in REASONS}


@dataclass(frozen=True)
class Facts:
    """What the score is computed from, for one worker who can do the order."""

    travel_minutes: int | None  # None: the previous place or the address is unknown
    travel_from: str  # "previous_job" or "home" or ""
    level: int
    booked_minutes_this_week: int
    served_customer_before: bool
    rating: float | None = None  # 1..5 once reviews carry a score


@dataclass(frozen=True)
class Reason:
    name: str
    value: float  # 0..1
    weight: int  # 0..10
    points: float  # value x weight
    detail: str


@dataclass(frozen=True)
class Candidate:
    worker_id: int
    name: str
    score: float
    reasons: tuple[Reason, ...]
    facts: Facts
    is_current: bool = False  # the order is with them now


@dataclass(frozen=True)
class Unavailable:
    worker_id: int
    name: str
    reason: str  # inactive, skill_missing, not_for_this_service, out_of_radius, not_working, busy, passed
    message: str


@dataclass(frozen=True)
class Ranking:
    order_id: int
    crew_size: int
    weights: dict[str, int]
    candidates: tuple[Candidate, ...]
    unavailable: tuple[Unavailable, ...] = field(default=())

    @property
    def enough_for_crew(self) -> bool:
        return len(self.candidates) >= self.crew_size


class _Texts:
    """The reasons' sentences, translated once per ranking (gettext per worker and reason was a
    third of the time for 200 workers)."""

    def __init__(self) -> None:
        self.travel_unknown = _("Travel time unknown")
        self.travel = _("%(minutes)d min %(where)s")
        self.from_job, self.from_home = _("from the previous job"), _("from home")
        self.no_rating = _("No rated reviews yet (neutral)")
        self.rating = _("Average rating %(rating).1f")
        self.level = _("Level %(level)d of %(max)d")
        self.workload = _("%(hours).1f h booked this week")
        self.served, self.new = _("Served this customer before"), _("New to this customer")


def score(facts: Facts, weights: dict[str, int], texts: _Texts | None = None) -> tuple[float, tuple[Reason, ...]]:
    """The score and its reasons (pure: the formula in the module's docstring)."""
    t = texts or _Texts()
    if facts.travel_minutes is None:
        travel = (NEUTRAL, t.travel_unknown)
    else:
        where = t.from_job if facts.travel_from == "previous_job" else t.from_home
        travel = (max(0.0, 1 - facts.travel_minutes / TRAVEL_CAP_MINUTES),
                  t.travel % {"minutes": facts.travel_minutes, "where": where})
    rating = ((NEUTRAL, t.no_rating) if facts.rating is None
              else ((facts.rating - 1) / 4, t.rating % {"rating": facts.rating}))
    level = ((facts.level - 1) / (MAX_LEVEL - 1), t.level % {"level": facts.level, "max": MAX_LEVEL})
    hours = facts.booked_minutes_this_week / 60
    workload = (max(0.0, 1 - hours / FULL_WEEK_HOURS), t.workload % {"hours": hours})
    previous = (1.0, t.served) if facts.served_customer_before else (0.0, t.new)
    reasons = tuple(Reason(name=name, value=round(value, 3), weight=weights[name],
                           points=round(value * weights[name], 3), detail=detail)
                    for name, (value, detail) in zip(REASONS, (travel, rating, level, workload, previous), strict=True))
    return round(sum(r.points for r in reasons), 3), reasons


def _week_bounds(order: Order, clock: LocalClock) -> tuple[datetime, datetime]:
    day = clock.local_date(epoch_minute(order.starts_at))
    monday = day - timedelta(days=day.weekday())
    return (clock.instant(clock.day_bounds(monday)[0]),
            clock.instant(clock.day_bounds(monday + timedelta(days=6))[1]))


def _search(order: Order, worker_rows: list[tuple], *, now: datetime, clock: LocalClock,
            required_skills: tuple[str, ...]) -> Search:
    day = clock.local_date(epoch_minute(order.starts_at))
    job = Job(duration_minutes=order.duration_minutes, crew_size=1,
              location=GeoPoint(float(order.latitude), float(order.longitude)) if order.latitude is not None
              else None, lead_minutes=0)
    horizon = max(1, (order.starts_at - now).days + 2)
    terms = JobTerms(job=job, service_id=order.service_id, variant_id=order.variant_id or 0,
                     required_skills=required_skills, horizon_days=horizon)
    return availability_search(terms=terms, first_day=day, last_day=day, now=now, worker_rows=worker_rows,
                               except_hold_id=order.hold_id)


def _free_at(search: Search, clock: LocalClock, minute: int) -> set[int]:
    day = clock.local_date(minute)
    return {worker_id for worker_id, windows in allowed_starts(search, clock, day, day, only=minute).items()
            if any(a <= minute <= b for a, b in windows)}


def _worker_rows() -> list[tuple]:
    """Every worker with what the checks need, and their service list (an array; empty when they do
    every service): one query."""
    through = WorkerProfile.services.through
    service_ids = ArraySubquery(through.objects.filter(workerprofile_id=OuterRef("pk")).values("service_id"))
    return list(WorkerProfile.objects.order_by("pk").values_list(
        "pk", "status", "staff_member__is_active", "staff_member__display_name", "skills", "level",
        "home_latitude", "home_longitude", "service_radius_km", "staff_member__user_id", service_ids))


def rank_candidates(order: Order, *, now: datetime, passed: Collection[int] = (),
                    settings: DispatchSettings | None = None, view: DispatchView | None = None) -> Ranking:
    """Every worker of the company, for `order`: those who can do it (skills, the service list,
    active, within their radius, working and free at its time with travel to and from their other
    jobs) ranked by score, and the others with the reason they cannot. `passed`: workers who already
    declined or let an offer run out; listed as unavailable. The order's own rows do not make its
    worker busy. `settings`: the dispatch settings when the caller has them. `view`: the workers'
    days already loaded for a batch of orders without rows of their own (DispatchView): no query."""
    settings = settings or dispatch_settings()
    weights = weights_of(settings)
    clock = view.clock if view else LocalClock(company_time_zone())
    required = tuple(order.service.required_skills or ())
    rows = view.rows if view else _worker_rows()
    # Credentials the service requires (approved, unexpired; shared_apps.credentials): one query, and
    # only for services that require any.
    needed = tuple(order.service.required_credentials or ())
    holders = workers_holding([row[9] for row in rows], needed) if needed else None
    site = GeoPoint(float(order.latitude), float(order.longitude)) if order.latitude is not None else None
    names: dict[int, str] = {}
    levels: dict[int, int] = {}
    homes: dict[int, GeoPoint] = {}
    unavailable: list[Unavailable] = []
    possible: list[int] = []
    passed = set(passed)
    says = {"inactive": _("Not doing jobs (inactive)."), "skills": _("Missing skills: %(skills)s."),
            "service": _("This service is not on their list."),
            "credentials": _("Needs approved, unexpired credentials: %(credentials)s."),
            "radius": _("The address is outside their %(km)s km radius."),
            "passed": _("Declined this order or let its offer run out."),
            "busy": _("Busy then (another job, or too little time to travel)."),
            "off": _("Not working at that time."), "worker": _("Worker %(id)d")}
    possible_rows: list[tuple] = []  # scheduling's WORKER_ROW_FIELDS of the workers who may do it
    for pk, status, member_active, name, skills, level, home_lat, home_lng, radius, user_id, services in rows:
        names[pk], levels[pk] = name or says["worker"] % {"id": pk}, level
        if home_lat is not None:
            homes[pk] = GeoPoint(float(home_lat), float(home_lng))
        missing = sorted(set(required) - set(skills or ()))
        if status != WorkerStatus.ACTIVE or not member_active:
            unavailable.append(Unavailable(pk, names[pk], "inactive", says["inactive"]))
        elif missing:
            unavailable.append(Unavailable(pk, names[pk], "skill_missing", says["skills"] % {
                "skills": ", ".join(missing)}))
        elif services and order.service_id not in services:
            unavailable.append(Unavailable(pk, names[pk], "not_for_this_service",
                                           says["service"]))
        elif holders is not None and user_id not in holders:
            unavailable.append(Unavailable(pk, names[pk], "credential_missing", says["credentials"] % {
                "credentials": ", ".join(str(CredentialKind(kind).label) for kind in needed)}))
        elif (radius is not None and pk in homes and site is not None
              and distance_m(homes[pk], site) > float(radius) * 1000):
            unavailable.append(Unavailable(pk, names[pk], "out_of_radius",
                                           says["radius"] % {"km": radius}))
        elif pk in passed:
            unavailable.append(Unavailable(pk, names[pk], "passed",
                                           says["passed"]))
        else:
            possible.append(pk)
            possible_rows.append((pk, level, home_lat, home_lng, radius, user_id))
    minute = epoch_minute(order.starts_at)
    search = (view.search(order, [row[0] for row in possible_rows]) if view else
              _search(order, possible_rows, now=now, clock=clock, required_skills=required))
    free = _free_at(search, clock, minute) if possible else set()
    not_free = [w for w in search.workers if w.id not in free]
    if not_free:  # off shift, or busy? The same question with their commitments set aside.
        idle = Search(job=search.job, rules=search.rules, now=search.now, travel=search.travel,
                      holidays=search.holidays,
                      workers=tuple(type(w)(id=w.id, hours=w.hours, home=w.home, radius_m=w.radius_m, level=w.level)
                                    for w in not_free))
        working = _free_at(idle, clock, minute)
        for w in not_free:
            if w.id in working:
                unavailable.append(Unavailable(w.id, names[w.id], "busy",
                                               says["busy"]))
            else:
                unavailable.append(Unavailable(w.id, names[w.id], "not_working", says["off"]))
    free_ids = sorted(free)
    facts = _facts(order, search, free_ids, levels=levels, homes=homes, site=site, clock=clock, now=now,
                   minute=minute, view=view)
    candidates = []
    texts = _Texts()
    for pk in free_ids:
        total, reasons = score(facts[pk], weights, texts)
        candidates.append(Candidate(worker_id=pk, name=names[pk], score=total, reasons=reasons, facts=facts[pk],
                                    is_current=pk == order.worker_id))
    candidates.sort(key=lambda c: (-c.score, c.worker_id))
    unavailable.sort(key=lambda u: u.worker_id)
    return Ranking(order_id=order.pk, crew_size=order.crew_size, weights=weights, candidates=tuple(candidates),
                   unavailable=tuple(unavailable))


def _facts(order: Order, search: Search, ids: list[int], *, levels: dict[int, int], homes: dict[int, GeoPoint],
           site: GeoPoint | None, clock: LocalClock, now: datetime, minute: int,
           view: DispatchView | None = None) -> dict[int, Facts]:
    """Travel, this week's booked time and earlier visits for the free workers: two queries and one
    call to the travel provider."""
    if not ids:
        return {}
    origins: dict[int, tuple[object, str]] = {}
    by_id = {w.id: w for w in search.workers}
    day_start = clock.day_bounds(clock.local_date(minute))[0]
    for pk in ids:
        earlier = [c for c in by_id[pk].commitments if day_start <= c.end <= minute and c.location is not None]
        if earlier:
            origins[pk] = (max(earlier, key=lambda c: c.end).location, "previous_job")
        elif pk in homes:
            origins[pk] = (homes[pk], "home")
    travel: dict[int, int] = {}
    if site is not None and origins:
        places = [place for place, _where in origins.values()]
        seconds = search.travel.durations(places, [site])
        travel = {pk: -(-row[0] // 60) for pk, row in zip(origins, seconds, strict=True)}
    if view is not None:
        return _facts_of(ids, travel=travel, origins=origins, levels=levels, booked=view.booked_in_week(order),
                         served=view.served.get(order.customer_id, set()))
    week_start, week_end = _week_bounds(order, clock)
    booked = dict(active_assignments(now=now).filter(any_of("worker_id", ids), starts_at__gte=week_start,
                                                     starts_at__lt=week_end)
                  .exclude(hold_id=order.hold_id).order_by().values("worker_id")
                  .annotate(total=Sum(F("ends_at") - F("starts_at"))).values_list("worker_id", "total"))
    served = set(Order.objects.filter(any_of("worker_id", ids), customer_id=order.customer_id,
                                      status__in=(OrderStatus.COMPLETED, OrderStatus.REVIEWED))
                 .exclude(pk=order.pk).values_list("worker_id", flat=True).distinct())
    return _facts_of(ids, travel=travel, origins=origins, levels=levels,
                     booked={pk: int(total.total_seconds() // 60) for pk, total in booked.items()}, served=served)


def _facts_of(ids: list[int], *, travel: dict[int, int], origins: dict, levels: dict[int, int],
              booked: dict[int, int], served: set[int]) -> dict[int, Facts]:
    return {pk: Facts(travel_minutes=travel.get(pk), travel_from=origins[pk][1] if pk in travel else "",
                      level=levels[pk], booked_minutes_this_week=booked.get(pk, 0),
                      served_customer_before=pk in served)
            for pk in ids}


class DispatchView:
    """The workers' days for a batch of orders offered one after another (dispatch.offer_in_bulk),
    loaded once and kept up to date in memory as offers are made, so each order is ranked with no
    query and nobody is ranked free for two overlapping offers. Only for orders without assignment
    rows of their own (nothing to set aside for them); `rank_candidates(view=)` then gives exactly
    what it would give after the earlier offers were written. Queries: the workers, one engine input
    per day (as availability), booked time per week, earlier visits of the batch's customers."""

    def __init__(self, orders: list[Order], *, now: datetime) -> None:
        self.now = now
        self.clock = LocalClock(company_time_zone())
        self.rows = _worker_rows()
        self.settings = scheduling_settings()
        active = [(pk, level, lat, lng, radius, user_id)
                  for pk, status, member_active, _n, _s, level, lat, lng, radius, user_id, _l in self.rows
                  if status == WorkerStatus.ACTIVE and member_active]
        by_day: dict = {}
        for order in orders:
            by_day.setdefault(self.clock.local_date(epoch_minute(order.starts_at)), []).append(order)
        self.days: dict = {}  # local date -> Search over every active worker (a stand-in job)
        self.calendars: dict = {}  # local date -> {worker id: WorkerCalendar}
        for day, day_orders in by_day.items():
            longest = max(o.duration_minutes for o in day_orders)
            terms = JobTerms(job=Job(duration_minutes=longest), service_id=0, variant_id=0, required_skills=(),
                             horizon_days=1)
            search = availability_search(terms=terms, first_day=day, last_day=day, now=now, worker_rows=active,
                                         settings=self.settings)
            self.days[day] = search
            self.calendars[day] = {w.id: w for w in search.workers}
        self.weeks: dict = {}  # week start -> {worker id: booked minutes}
        for order in orders:
            bounds = _week_bounds(order, self.clock)
            if bounds not in self.weeks:
                self.weeks[bounds] = {pk: int(total.total_seconds() // 60) for pk, total in (
                    active_assignments(now=now).filter(starts_at__gte=bounds[0], starts_at__lt=bounds[1])
                    .order_by().values("worker_id").annotate(total=Sum(F("ends_at") - F("starts_at")))
                    .values_list("worker_id", "total"))}
        self.served: dict[int, set[int]] = {}
        for customer_id, worker_id in (Order.objects.filter(
                any_of("customer_id", {o.customer_id for o in orders}), worker_id__isnull=False,
                status__in=(OrderStatus.COMPLETED, OrderStatus.REVIEWED))
                .values_list("customer_id", "worker_id").distinct()):
            self.served.setdefault(customer_id, set()).add(worker_id)

    def _day(self, order: Order):
        return self.clock.local_date(epoch_minute(order.starts_at))

    def search(self, order: Order, worker_ids: list[int]) -> Search:
        """What `availability_search` would give for this order and these workers."""
        base = self.days[self._day(order)]
        calendars = self.calendars[self._day(order)]
        job = Job(duration_minutes=order.duration_minutes, crew_size=1, lead_minutes=0,
                  location=GeoPoint(float(order.latitude), float(order.longitude))
                  if order.latitude is not None else None)
        rules = dataclasses.replace(base.rules, horizon_days=max(1, (order.starts_at - self.now).days + 2))
        return Search(job=job, rules=rules, now=self.now, travel=base.travel, holidays=base.holidays,
                      workers=tuple(calendars[pk] for pk in worker_ids if pk in calendars))

    def booked_in_week(self, order: Order) -> dict[int, int]:
        return self.weeks[_week_bounds(order, self.clock)]

    def record_offer(self, order: Order, worker_id: int) -> None:
        """The order was offered to `worker_id` (their booked row written as book_worker writes it):
        their day and week count it from now on."""
        row = Commitment.between(
            order.starts_at - timedelta(minutes=self.settings.buffer_before_minutes),
            order.ends_at + timedelta(minutes=self.settings.buffer_after_minutes),
            Place(float(order.latitude), float(order.longitude)) if order.latitude is not None else None)
        for calendars in self.calendars.values():  # the days whose window the row touches
            worker = calendars.get(worker_id)
            if worker is not None:
                calendars[worker_id] = dataclasses.replace(worker, commitments=(*worker.commitments, row))
        for (start, end), totals in self.weeks.items():
            if start <= order.starts_at < end:
                totals[worker_id] = totals.get(worker_id, 0) + int(
                    (order.ends_at - order.starts_at).total_seconds() // 60)
