"""Who could take an order, best first, and why: the dispatcher's candidates and automatic dispatch's
order of offers. A fixed number of queries whatever the number of workers (docs/decisions.md,
"Candidates and their score").

score = sum over reasons of weight x value, each value in [0, 1] and each weight 0..10 (DispatchSettings):
- travel: 1 - minutes / 60 (0 from an hour away), from the end of the worker's previous job that day,
  else from home; 0.5 when either place is unknown;
- rating: the worker's credit score / 100 (tenant_apps.quality; 0.5, the neutral middle, before the
  first is computed); 0 while a "reduced dispatch" sanction is in force, and such a worker is listed
  after everyone else whatever their score;
- level: (level - 1) / (MAX_LEVEL - 1);
- workload: 1 - booked hours in the order's week / 40 (fairness: the less booked, the higher);
- previous_worker: 1 when the worker did a finished visit for this customer, else 0.
Ties go to the lower worker id, so the order is stable."""
from __future__ import annotations

import dataclasses
import threading
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import F, OuterRef, Q, Sum
from django.utils.translation import gettext as _

from shared_apps.core.company import company_time_zone
from shared_apps.core.geo import GeoPoint, distance_m
from shared_apps.core.hours import LocalClock, WorkingHours, epoch_minute
from shared_apps.core.queries import any_of
from shared_apps.credentials.models import CredentialKind
from shared_apps.credentials.selectors import workers_holding
from tenant_apps.people.models import StaffMember
from tenant_apps.scheduling.engine import Commitment, Job, Search, allowed_starts
from tenant_apps.scheduling.models import SchedulingSettings
from tenant_apps.scheduling.selectors import (
    JobTerms,
    active_assignments,
    availability_search,
    busy_query,
    hours_window,
    scheduling_settings,
)
from tenant_apps.scheduling.travel import Place
from tenant_apps.workforce.models import (
    MAX_LEVEL,
    CreditScore,
    Shift,
    ShiftTemplate,
    TimeOff,
    WorkerProfile,
    WorkerStatus,
)
from tenant_apps.workforce.selectors import HoursInput, working_hours_of

from .models import DispatchSettings, Order, OrderStatus

REASONS = ("travel", "rating", "level", "workload", "previous_worker")
TRAVEL_CAP_MINUTES = 60
FULL_WEEK_HOURS = 40
NEUTRAL = 0.5
FREE_CHECK_BATCH = 8  # best_first asks the engine about this many workers at a time


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
    credit: float | None = None  # the credit score, 0..100; None before the first is computed
    dispatch_reduced: bool = False  # a "reduced dispatch" sanction is in force


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

    @property
    def proposed_crew(self) -> tuple[int, ...]:
        """The crew to propose: the best `crew_size` candidates (every candidate is free with travel
        at the order's time, so any of them are free together); empty when there are too few."""
        if not self.enough_for_crew:
            return ()
        return tuple(c.worker_id for c in self.candidates[:self.crew_size])


class _Texts:
    """The reasons' sentences, translated once per ranking (gettext per worker and reason was a
    third of the time for 200 workers)."""

    def __init__(self) -> None:
        self.travel_unknown = _("Travel time unknown")
        self.travel = _("%(minutes)d min %(where)s")
        self.from_job, self.from_home = _("from the previous job"), _("from home")
        self.no_rating = _("No credit score yet (neutral)")
        self.rating = _("Credit score %(score).1f")
        self.reduced = _("Reduced dispatch (a sanction in force)")
        self.level = _("Level %(level)d of %(max)d")
        self.workload = _("%(hours).1f h booked this week")
        self.served, self.new = _("Served this customer before"), _("New to this customer")
        # Reasons already made in this ranking, by (reason, the facts it depends on, weight): 200
        # workers share a few dozen of them (levels, "new to this customer", the same minutes away).
        self.made: dict[tuple, Reason] = {}


def score(facts: Facts, weights: dict[str, int], texts: _Texts | None = None) -> tuple[float, tuple[Reason, ...]]:
    """The score and its reasons (pure: the formula in the module's docstring)."""
    t = texts or _Texts()
    keys = (("travel", facts.travel_minutes, facts.travel_from, weights["travel"]),
            ("rating", facts.credit, facts.dispatch_reduced, weights["rating"]),
            ("level", facts.level, weights["level"]),
            ("workload", facts.booked_minutes_this_week, weights["workload"]),
            ("previous_worker", facts.served_customer_before, weights["previous_worker"]))
    reasons = tuple(t.made.get(key) for key in keys)
    if None in reasons:
        reasons = _reasons(facts, weights, t)
        t.made.update(zip(keys, reasons, strict=True))
    return round(sum(r.points for r in reasons), 3), reasons


def _reasons(facts: Facts, weights: dict[str, int], t: _Texts) -> tuple[Reason, ...]:
    if facts.travel_minutes is None:
        travel = t.travel_unknown
    else:
        where = t.from_job if facts.travel_from == "previous_job" else t.from_home
        travel = t.travel % {"minutes": facts.travel_minutes, "where": where}
    rating = (t.reduced if facts.dispatch_reduced else t.no_rating if facts.credit is None
              else t.rating % {"score": facts.credit})
    level = t.level % {"level": facts.level, "max": MAX_LEVEL}
    workload = t.workload % {"hours": facts.booked_minutes_this_week / 60}
    previous = t.served if facts.served_customer_before else t.new
    return tuple(Reason(name=name, value=round(value, 3), weight=weights[name],
                        points=round(value * weights[name], 3), detail=detail)
                 for name, value, detail in zip(REASONS, values_of(facts),
                                                (travel, rating, level, workload, previous), strict=True))


def values_of(facts: Facts) -> tuple[float, float, float, float, float]:
    """Each reason's value in [0, 1], unrounded, in REASONS order."""
    travel = (NEUTRAL if facts.travel_minutes is None
              else max(0.0, 1 - facts.travel_minutes / TRAVEL_CAP_MINUTES))
    rating = credit_value(facts.credit, facts.dispatch_reduced)
    workload = max(0.0, 1 - facts.booked_minutes_this_week / 60 / FULL_WEEK_HOURS)
    return (travel, rating, (facts.level - 1) / (MAX_LEVEL - 1), workload,
            1.0 if facts.served_customer_before else 0.0)


def credit_value(credit: float | None, reduced: bool) -> float:
    return 0.0 if reduced else NEUTRAL if credit is None else credit / 100


def total_of(facts: Facts, weights: dict[str, int]) -> float:
    """score()'s total without its sentences (the same sums, rounded the same way)."""
    return round(sum(round(value * weights[name], 3)
                     for name, value in zip(REASONS, values_of(facts), strict=True)), 3)


def _week_bounds(order: Order, clock: LocalClock) -> tuple[datetime, datetime]:
    day = clock.local_date(epoch_minute(order.starts_at))
    monday = day - timedelta(days=day.weekday())
    return (clock.instant(clock.day_bounds(monday)[0]),
            clock.instant(clock.day_bounds(monday + timedelta(days=6))[1]))


@dataclass(frozen=True)
class _Stable:
    """What a ranking reads that changes seldom: the workers, both settings, working hours."""

    rows: list[tuple]
    standing: dict[int, tuple[float | None, bool]]  # worker id -> (credit score, dispatch reduced)
    dispatch: DispatchSettings
    scheduling: SchedulingSettings
    hours: HoursInput
    clock: LocalClock


STABLE_CACHE_SIZE = 64  # (company, days) entries kept by each process
_stable_cache: dict[tuple, tuple[tuple, _Stable]] = {}
_stable_lock = threading.Lock()


def _stable_inputs(first_day: date, last_day: date) -> _Stable:
    """The stable inputs of a ranking for these days, from this process's memory when the tables
    they come from have not changed since: one query (their stamp) instead of six, and no Python to
    turn 200 workers' shifts into working hours again. Rows written since (even by raw SQL or an
    .update() that leaves updated_at alone) change the stamp, so nothing stale is ever used."""
    time_zone = company_time_zone()
    key = (connection.schema_name, time_zone, first_day, last_day)
    stamp = _stamp(first_day, last_day)
    found = _stable_cache.get(key)
    if found is not None and found[0] == stamp:
        return found[1]
    rows = _worker_rows()
    loaded = working_hours_of([row[0] for row in rows], first_day=first_day, last_day=last_day)
    shared: dict[WorkingHours, WorkingHours] = {}  # equal hours as one object: the engine keys by them
    hours = HoursInput(hours={pk: shared.setdefault(h, h) for pk, h in loaded.hours.items()},
                       holidays=loaded.holidays)
    stable = _Stable(rows=rows, standing=_standings(), dispatch=dispatch_settings(),
                     scheduling=scheduling_settings(), hours=hours, clock=LocalClock(time_zone))
    with _stable_lock:  # a web process's threads share the cache
        if len(_stable_cache) >= STABLE_CACHE_SIZE:
            _stable_cache.pop(next(iter(_stable_cache)))
        _stable_cache[key] = (stamp, stable)
    return stable


def _stamp(first_day: date, last_day: date) -> tuple:
    """Per table the stable inputs come from (the rows working_hours_of reads for these days): how
    many rows, the sum of their xmin (the id of the transaction that wrote each row version) and of
    a hash of their ctid (where the version lies). An insert or a delete changes the count; an update
    writes a new version, by a newer transaction, at a new place (while the transaction that wrote
    the old one has not ended, that old version keeps its place), so the sums change too. The
    current transaction's own uncommitted changes count as well; its rollback leaves a stamp nobody
    matches again."""
    quote = connection.ops.quote_name
    parts = [(WorkerProfile, "", []), (StaffMember, "", []), (WorkerProfile.services.through, "", []),
             (ShiftTemplate, "", []), (DispatchSettings, "", []), (SchedulingSettings, "", []), (CreditScore, "", []),
             (Shift, "WHERE date >= %s AND date <= %s", [first_day - timedelta(days=1), last_day]),
             (TimeOff, "WHERE start_date <= %s AND end_date >= %s",
              [last_day + timedelta(days=1), first_day - timedelta(days=1)])]
    sql = " UNION ALL ".join(
        f"SELECT {index}, count(*), coalesce(sum(xmin::text::bigint), 0), "  # noqa: S608 - our table names
        f"coalesce(sum(hashtext(ctid::text)), 0) FROM {quote(model._meta.db_table)} {where}"
        for index, (model, where, _params) in enumerate(parts))
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for _model, _where, params in parts for value in params])
        return tuple(sorted(cursor.fetchall()))


WEEK_BOOKED, SERVED_BEFORE = 3, 4  # _search's own parts beside scheduling's busy_query


def _search(order: Order, worker_rows: list[tuple], *, now: datetime, clock: LocalClock,
            required_skills: tuple[str, ...], stable: _Stable) -> tuple[Search, dict[int, int], set[int]]:
    """The engine's input for the order's day, the week's booked minutes and who served the customer
    before, for these workers: one statement (scheduling's busy_query with the week's booked time
    and the earlier visits after it)."""
    day = clock.local_date(epoch_minute(order.starts_at))
    job = Job(duration_minutes=order.duration_minutes, crew_size=1,
              location=GeoPoint(float(order.latitude), float(order.longitude)) if order.latitude is not None
              else None, lead_minutes=0)
    horizon = max(1, (order.starts_at - now).days + 2)
    terms = JobTerms(job=job, service_id=order.service_id, variant_id=order.variant_id or 0,
                     required_skills=required_skills, horizon_days=horizon)
    rows: list[tuple] = []
    if worker_rows:
        ids = [row[0] for row in worker_rows]
        busy_sql, busy_params = busy_query(
            rows=worker_rows, first_day=day, last_work_day=hours_window(day, day, job.duration_minutes)[1], now=now,
            except_hold_id=order.hold_id, clock=clock)
        week_start, week_end = _week_bounds(order, clock)
        booked = (active_assignments(now=now).filter(any_of("worker_id", ids), starts_at__gte=week_start,
                                                     starts_at__lt=week_end)
                  .exclude(hold_id=order.hold_id).order_by().values("worker_id")
                  .annotate(total=Sum(F("ends_at") - F("starts_at"))).values_list("worker_id", "total"))
        served = (Order.objects.filter(any_of("worker_id", ids), customer_id=order.customer_id,
                                       status__in=(OrderStatus.COMPLETED, OrderStatus.REVIEWED))
                  .exclude(pk=order.pk).order_by().values_list("worker_id", flat=True).distinct())
        booked_sql, booked_params = booked.query.sql_with_params()
        served_sql, served_params = served.query.sql_with_params()
        sql = (f"{busy_sql} UNION ALL SELECT {WEEK_BOOKED}, q.worker_id, NULL::bigint, NULL::bigint, "  # noqa: S608
               f"extract(epoch from q.total)::float8, NULL::float8 FROM ({booked_sql}) AS q(worker_id, total) "
               f"UNION ALL SELECT {SERVED_BEFORE}, q.worker_id, NULL::bigint, NULL::bigint, NULL::float8, NULL::float8 "
               f"FROM ({served_sql}) AS q(worker_id)")
        with connection.cursor() as cursor:
            cursor.execute(sql, [*busy_params, *booked_params, *served_params])
            rows = cursor.fetchall()
    search = availability_search(terms=terms, first_day=day, last_day=day, now=now, worker_rows=worker_rows,
                                 except_hold_id=order.hold_id, settings=stable.scheduling, hours=stable.hours,
                                 busy=rows)
    week = {row[1]: int(row[4] // 60) for row in rows if row[0] == WEEK_BOOKED}
    before = {row[1] for row in rows if row[0] == SERVED_BEFORE}
    return search, week, before


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


def _standings() -> dict[int, tuple[float | None, bool]]:
    """Each worker's credit score and whether a "reduced dispatch" sanction is in force (workers with
    neither are left out): one query."""
    return {pk: (float(score) if score is not None else None, reduced) for pk, score, reduced in
            WorkerProfile.objects.filter(Q(credit_score__isnull=False) | Q(dispatch_reduced=True))
            .values_list("pk", "credit_score__score", "dispatch_reduced")}


def _home_of(row: tuple) -> GeoPoint | None:
    return GeoPoint(float(row[6]), float(row[7])) if row[6] is not None else None


def _why_not(row: tuple, home: GeoPoint | None, *, order: Order, required: tuple[str, ...], site: GeoPoint | None,
             passed: Collection[int]) -> str | None:
    """Why the worker of `row` (_worker_rows) cannot take the order whatever their day looks like,
    checked in this order; None when they might."""
    pk, status, member_active, _name, skills, _level, _lat, _lng, radius, _user_id, services = row
    if status != WorkerStatus.ACTIVE or not member_active:
        return "inactive"
    if not set(required) <= set(skills or ()):
        return "skill_missing"
    if services and order.service_id not in services:
        return "not_for_this_service"
    if radius is not None and home is not None and site is not None and distance_m(home, site) > float(radius) * 1000:
        return "out_of_radius"
    if pk in passed:
        return "passed"
    return None


def rank_candidates(order: Order, *, now: datetime, passed: Collection[int] = (),
                    settings: DispatchSettings | None = None, view: DispatchView | None = None) -> Ranking:
    """Every worker of the company, for `order`: those who can do it (skills, the service list,
    active, within their radius, working and free at its time with travel to and from their other
    jobs) ranked by score, and the others with the reason they cannot. `passed`: workers who already
    declined or let an offer run out; listed as unavailable. The order's own rows do not make its
    worker busy. `settings`: the dispatch settings when the caller has them. `view`: the workers'
    days already loaded for a batch of orders without rows of their own (DispatchView): no query."""
    stable = None
    if view is None:
        day = LocalClock(company_time_zone()).local_date(epoch_minute(order.starts_at))
        stable = _stable_inputs(*hours_window(day, day, order.duration_minutes))
    settings = settings or (stable.dispatch if stable else dispatch_settings())
    weights = weights_of(settings)
    clock = view.clock if view else stable.clock
    required = tuple(order.service.required_skills or ())
    rows = view.rows if view else stable.rows
    standing = view.standing if view else stable.standing
    # Credentials the service requires (approved, unexpired; shared_apps.credentials): one query, and
    # only for services that require any.
    needed = tuple(order.service.required_credentials or ())
    holders = workers_holding([row[9] for row in rows], needed) if needed else None
    site = GeoPoint(float(order.latitude), float(order.longitude)) if order.latitude is not None else None
    names: dict[int, str] = {}
    levels: dict[int, int] = {}
    homes: dict[int, GeoPoint | None] = {}
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
    for row in rows:
        pk, _status, _active, name, skills, level, home_lat, home_lng, radius, user_id, _services = row
        names[pk], levels[pk] = name or says["worker"] % {"id": pk}, level
        home = homes[pk] = _home_of(row)
        why = _why_not(row, home, order=order, required=required, site=site, passed=passed)
        if why == "inactive":
            unavailable.append(Unavailable(pk, names[pk], "inactive", says["inactive"]))
        elif why == "skill_missing":
            unavailable.append(Unavailable(pk, names[pk], "skill_missing", says["skills"] % {
                "skills": ", ".join(sorted(set(required) - set(skills or ())))}))
        elif why == "not_for_this_service":
            unavailable.append(Unavailable(pk, names[pk], "not_for_this_service",
                                           says["service"]))
        elif holders is not None and user_id not in holders:
            unavailable.append(Unavailable(pk, names[pk], "credential_missing", says["credentials"] % {
                "credentials": ", ".join(str(CredentialKind(kind).label) for kind in needed)}))
        elif why == "out_of_radius":
            unavailable.append(Unavailable(pk, names[pk], "out_of_radius",
                                           says["radius"] % {"km": radius}))
        elif why == "passed":
            unavailable.append(Unavailable(pk, names[pk], "passed",
                                           says["passed"]))
        else:
            possible.append(pk)
            possible_rows.append((pk, level, home_lat, home_lng, radius, user_id))
    minute = epoch_minute(order.starts_at)
    if view is not None:
        search, week = view.search(order, [row[0] for row in possible_rows]), None
    else:
        search, *week = _search(order, possible_rows, now=now, clock=clock, required_skills=required, stable=stable)
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
    facts = _facts(order, search, free_ids, levels=levels, homes=homes, site=site, clock=clock, minute=minute,
                   view=view, week=week, standing=standing)
    candidates = []
    texts = _Texts()
    for pk in free_ids:
        total, reasons = score(facts[pk], weights, texts)
        candidates.append(Candidate(worker_id=pk, name=names[pk], score=total, reasons=reasons, facts=facts[pk],
                                    is_current=pk == order.worker_id))
    candidates.sort(key=lambda c: (c.facts.dispatch_reduced, -c.score, c.worker_id))
    unavailable.sort(key=lambda u: u.worker_id)
    return Ranking(order_id=order.pk, crew_size=order.crew_size, weights=weights, candidates=tuple(candidates),
                   unavailable=tuple(unavailable))


def _facts(order: Order, search: Search, ids: list[int], *, levels: dict[int, int], homes: dict[int, GeoPoint],
           site: GeoPoint | None, clock: LocalClock, minute: int, view: DispatchView | None = None,
           week: tuple[dict[int, int], set[int]] | None = None,
           standing: dict[int, tuple[float | None, bool]] | None = None) -> dict[int, Facts]:
    """Travel, this week's booked time and earlier visits for the free workers: one call to the
    travel provider; the booked minutes and earlier visits from `view` or `week` (_search's)."""
    if not ids:
        return {}
    origins, travel = _travel_to(search, ids, homes=homes, site=site, clock=clock, minute=minute)
    if view is not None:
        return _facts_of(ids, travel=travel, origins=origins, levels=levels, booked=view.booked_in_week(order),
                         served=view.served.get(order.customer_id, set()), standing=standing or {})
    booked, served = week
    return _facts_of(ids, travel=travel, origins=origins, levels=levels, booked=booked, served=served,
                     standing=standing or {})


def _travel_to(search: Search, ids: list[int], *, homes: dict[int, GeoPoint | None], site: GeoPoint | None,
               clock: LocalClock, minute: int) -> tuple[dict[int, tuple[object, str]], dict[int, int]]:
    """Where each worker comes from (the end of their previous job that day, else home) and the
    minutes from there to the site: one call to the travel provider."""
    origins: dict[int, tuple[object, str]] = {}
    by_id = {w.id: w for w in search.workers}
    day_start = clock.day_bounds(clock.local_date(minute))[0]
    for pk in ids:
        earlier = [c for c in by_id[pk].commitments if day_start <= c.end <= minute and c.location is not None]
        if earlier:
            origins[pk] = (max(earlier, key=lambda c: c.end).location, "previous_job")
        elif homes.get(pk) is not None:
            origins[pk] = (homes[pk], "home")
    travel: dict[int, int] = {}
    if site is not None and origins:
        places = [place for place, _where in origins.values()]
        seconds = search.travel.durations(places, [site])
        travel = {pk: -(-row[0] // 60) for pk, row in zip(origins, seconds, strict=True)}
    return origins, travel


def best_first(order: Order, *, view: DispatchView, passed: Collection[int], weights: dict[str, int]) -> Iterator[int]:
    """The workers rank_candidates(order, view=view, passed=passed) would list as candidates, in the
    same order, without the explanations and lazily: every worker who might take it is scored first
    (the score does not depend on being free), then the availability engine is asked about one
    worker at a time, best score first, until the caller has the one it wants. Automatic dispatch
    wants the first who is not in quiet hours: usually one or two engine questions instead of one
    per worker, and no sentences. No query."""
    required = tuple(order.service.required_skills or ())
    site = GeoPoint(float(order.latitude), float(order.longitude)) if order.latitude is not None else None
    homes: dict[int, GeoPoint | None] = {}
    levels: dict[int, int] = {}
    possible: list[int] = []
    holders = view.holders(tuple(order.service.required_credentials or ()))
    for row, home in view.eligible(order.service_id, required):  # the checks that do not depend on the order
        if holders is not None and row[9] not in holders:
            continue
        if _why_not(row, home, order=order, required=required, site=site, passed=passed) is None:
            possible.append(row[0])
            homes[row[0]], levels[row[0]] = home, row[5]
    search = view.search(order, possible)
    ids = [w.id for w in search.workers]
    minute = epoch_minute(order.starts_at)
    _origins, travel = _travel_to(search, ids, homes=homes, site=site, clock=view.clock, minute=minute)
    booked, served = view.booked_in_week(order), view.served.get(order.customer_id, set())
    w_travel, w_rating, w_level, w_workload, w_previous = (weights[name] for name in REASONS)
    neutral_points = round(NEUTRAL * w_rating, 3)  # workers without a score or a sanction
    totals, reduced = {}, set()
    for pk in ids:  # total_of(Facts(...)) for each, inlined: this loop runs 200 times an order
        minutes = travel.get(pk)
        value = NEUTRAL if minutes is None else max(0.0, 1 - minutes / TRAVEL_CAP_MINUTES)
        credit, is_reduced = view.standing.get(pk, (None, False))
        if is_reduced:
            reduced.add(pk)
        rating_points = neutral_points if credit is None and not is_reduced else round(
            credit_value(credit, is_reduced) * w_rating, 3)
        totals[pk] = round(round(value * w_travel, 3) + rating_points
                           + round((levels[pk] - 1) / (MAX_LEVEL - 1) * w_level, 3)
                           + round(max(0.0, 1 - booked.get(pk, 0) / 60 / FULL_WEEK_HOURS) * w_workload, 3)
                           + round((1.0 if pk in served else 0.0) * w_previous, 3), 3)
    by_id = {w.id: w for w in search.workers}
    ordered = sorted(ids, key=lambda pk: (pk in reduced, -totals[pk], pk))
    for first in range(0, len(ordered), FREE_CHECK_BATCH):  # a few at a time: each worker is judged alone
        batch = ordered[first:first + FREE_CHECK_BATCH]
        free = _free_at(dataclasses.replace(search, workers=tuple(by_id[pk] for pk in batch)), view.clock, minute)
        yield from (pk for pk in batch if pk in free)


def _facts_of(ids: list[int], *, travel: dict[int, int], origins: dict, levels: dict[int, int],
              booked: dict[int, int], served: set[int],
              standing: dict[int, tuple[float | None, bool]]) -> dict[int, Facts]:
    return {pk: Facts(travel_minutes=travel.get(pk), travel_from=origins[pk][1] if pk in travel else "",
                      level=levels[pk], booked_minutes_this_week=booked.get(pk, 0),
                      served_customer_before=pk in served, credit=standing.get(pk, (None, False))[0],
                      dispatch_reduced=standing.get(pk, (None, False))[1])
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
        self.standing = _standings()
        self._holders: dict[tuple[str, ...], frozenset[int]] = {}
        self._eligible: dict[tuple, list] = {}
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

    def eligible(self, service_id: int, required: tuple[str, ...]) -> list[tuple[tuple, GeoPoint | None]]:
        """The rows (and homes) of the workers active, skilled and listed for the service: the same
        for every order of the service, so checked once."""
        key = (service_id, required)
        found = self._eligible.get(key)
        if found is None:
            probe = Order(service_id=service_id)
            found = self._eligible[key] = [
                (row, home) for row in self.rows for home in (_home_of(row),)
                if _why_not(row, home, order=probe, required=required, site=None, passed=()) is None]
        return found

    def holders(self, needed: tuple[str, ...]) -> frozenset[int] | None:
        """The users among the workers who hold every credential in `needed` (None: nothing needed);
        one query per distinct requirement in the batch."""
        if not needed:
            return None
        found = self._holders.get(needed)
        if found is None:
            found = self._holders[needed] = frozenset(workers_holding([row[9] for row in self.rows], needed))
        return found

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
