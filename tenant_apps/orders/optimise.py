"""Optimise a day (issue 16 point 5): a read that plans a company date's orders waiting for a worker
(and, when asked, the assigned ones not yet accepted) across the workers working that day, with the
route planner, and says what would change. It writes nothing; `services.optimise.apply_plan` applies
the moves it returns (docs/decisions.md, "Optimise a day").

The model: every order keeps its booked start (the planner's window is [start, start]), so only
workers change and no customer's time moves. Workers: active, with a shift that day (the span from
the first shift's start to the last one's end), from their home base. What stays fixed is pinned to
its worker: every active assignment row of the day that is not one of the planned orders' (accepted
jobs, holds, other assigned jobs) becomes a stop only that worker can do (a private skill), so the
plan routes around it. A service list and declined offers are skills too: a stop carries a skill
that only the workers allowed to do it have."""
from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from shared_apps.core.company import company_time_zone
from shared_apps.core.geo import GeoPoint
from shared_apps.core.hours import shifts_by_day
from shared_apps.core.planner import FromProvider, Reason, Stop, Worker, plan
from shared_apps.core.planner.solver import SolverSettings
from tenant_apps.scheduling.selectors import active_assignments, scheduling_settings, travel_provider
from tenant_apps.workforce.models import ACTIVE_WORKER, WorkerProfile
from tenant_apps.workforce.selectors import working_hours_of

from .models import Order, OrderStatus

NO_LOCATION = "no_location"
CREW = "crew"
REASON_TEXTS = {
    Reason.NO_SKILLED_WORKER: lambda: _(
        "Nobody working that day has the skills and the service (or those who do declined it)."),
    Reason.CREW_TOO_LARGE: lambda: _("It needs a crew; crews are dispatched by hand."),
    Reason.OUTSIDE_SHIFTS: lambda: _("Its time is outside every shift of the day."),
    Reason.WINDOW_UNREACHABLE: lambda: _("No worker can reach it in time from home."),
    Reason.OVER_CAPACITY: lambda: _("It needs more load than a worker carries."),
    Reason.NO_ROOM: lambda: _("Every worker who could do it is busy or too far away then."),
    NO_LOCATION: lambda: _("The address has no map point."),
    CREW: lambda: _("It needs a crew; crews are dispatched by hand."),
}


def reason_text(code: str) -> str:
    return REASON_TEXTS[code]() if code in REASON_TEXTS else code


@dataclass(frozen=True)
class Move:
    order_id: int
    from_worker: int | None  # None: waiting for a worker now
    to_worker: int
    starts_at: datetime  # unchanged: the booked start


@dataclass(frozen=True)
class Left:
    order_id: int
    code: str
    message: str


@dataclass
class DayPlan:
    day: date
    move_assigned: bool
    method: str
    moves: list[Move]
    unplaced: list[Left]
    total_travel: int  # minutes, the plan's routes (with the way home)
    travel_now: int  # minutes, today's routes of the same workers (the jobs already with them)
    worker_minutes: dict[int, int]  # working span per worker in the plan (0: no job)
    names: dict[int, str]
    orders: dict[int, Order] = field(default_factory=dict)

    def payload(self) -> dict:
        """What apply_plan takes back: the moves and the state each was planned from."""
        return {"day": self.day.isoformat(), "moves": [
            {"order": m.order_id, "from_worker": m.from_worker, "to_worker": m.to_worker,
             "starts_at": m.starts_at.isoformat()} for m in self.moves]}


def _point(latitude, longitude) -> GeoPoint | None:
    if latitude is None or longitude is None:
        return None
    return GeoPoint(float(latitude), float(longitude))


def _minute(moment: datetime, midnight: datetime) -> int:
    return int((moment - midnight).total_seconds() // 60)


def optimise_day(*, day: date, move_assigned: bool = False, now: datetime,
                 settings: SolverSettings | None = None) -> DayPlan:
    """The plan for `day` (a company date): who would take each waiting (and, with `move_assigned`,
    each assigned but not accepted) order, the travel compared with now, and what could not be placed."""
    zone = ZoneInfo(company_time_zone())
    midnight = datetime.combine(day, time(0), tzinfo=zone)
    end = midnight + timedelta(days=1)
    states = [OrderStatus.PENDING_DISPATCH] + ([OrderStatus.ASSIGNED] if move_assigned else [])
    orders = list(Order.objects.filter(starts_at__gte=midnight, starts_at__lt=end, status__in=states)
                  .select_related("service").prefetch_related(
                      Prefetch("events", to_attr="all_events")).order_by("starts_at", "id"))
    workers = list(WorkerProfile.objects.filter(ACTIVE_WORKER).select_related("staff_member")
                   .prefetch_related("services").order_by("pk"))
    names = {w.pk: w.staff_member.display_name for w in workers}
    hours = working_hours_of([w.pk for w in workers], first_day=day, last_day=day)
    # Only the orders the planner may move (a place, no crew: see the loop below); the rows of the
    # others (crews, dispatched by hand) stay fixed, so their workers are busy then.
    planned_holds = {o.hold_id for o in orders if o.crew_size == 1 and _point(o.latitude, o.longitude) is not None}
    fixed_rows = [r for r in active_assignments(now=now).filter(starts_at__gte=midnight, starts_at__lt=end)
                  .order_by("starts_at", "pk") if r.hold_id not in planned_holds]
    current_rows = [r for r in active_assignments(now=now).filter(starts_at__gte=midnight, starts_at__lt=end)
                    .exclude(status="hold").order_by("starts_at", "pk")]

    unplaced: list[Left] = []
    stops: list[Stop] = []
    allowed_by_order: dict[int, set[int]] = {}
    for order in orders:
        place = _point(order.latitude, order.longitude)
        if place is None:
            unplaced.append(Left(order.pk, NO_LOCATION, reason_text(NO_LOCATION)))
            continue
        if order.crew_size > 1:
            unplaced.append(Left(order.pk, CREW, reason_text(CREW)))
            continue
        passed = {e.data.get("worker") for e in order.all_events if e.action in ("decline", "expire_offer")}
        allowed = {w.pk for w in workers
                   if (not w.services.all() or order.service_id in {s.pk for s in w.services.all()})
                   and w.pk not in passed}
        allowed_by_order[order.pk] = allowed
        start = _minute(order.starts_at, midnight)
        duration = max(_minute(order.ends_at, midnight) - start, 0)
        stops.append(Stop(id=("order", order.pk), place=place, window_start=start, window_end=start,
                          service_minutes=duration,
                          skills=frozenset(order.service.required_skills or ()) | {f"~order-{order.pk}"}))
    worker_ids = {w.pk for w in workers}
    for row in fixed_rows:
        if row.worker_id not in worker_ids:
            continue
        place = _point(row.latitude, row.longitude)
        start = _minute(row.starts_at, midnight)
        stops.append(Stop(id=("fixed", row.pk), place=place, window_start=start, window_end=start,
                          service_minutes=max(_minute(row.ends_at, midnight) - start, 0),
                          skills=frozenset({f"~worker-{row.worker_id}"})))

    known = [s.place for s in stops if s.place is not None]
    centre = (GeoPoint(sum(p.latitude for p in known) / len(known), sum(p.longitude for p in known) / len(known))
              if known else GeoPoint(0, 0))
    stops = [s if s.place is not None else Stop(id=s.id, place=centre, window_start=s.window_start,
                                                 window_end=s.window_end, service_minutes=s.service_minutes,
                                                 skills=s.skills) for s in stops]
    planner_workers: list[Worker] = []
    for w in workers:
        shifts = shifts_by_day(hours.hours[w.pk], day, day).get(day, [])
        if not shifts:
            continue
        first = min(s for s, _e in shifts)
        last = max(e for _s, e in shifts)
        shift_start = first.hour * 60 + first.minute
        shift_end = last.hour * 60 + last.minute
        if shift_end <= shift_start:  # overnight: to the day's end and beyond
            shift_end += 24 * 60
        skills = set(w.skills or ()) | {f"~worker-{w.pk}"}
        skills |= {f"~order-{pk}" for pk, allowed in allowed_by_order.items() if w.pk in allowed}
        home = _point(w.home_latitude, w.home_longitude) or centre
        planner_workers.append(Worker(id=w.pk, start=home, shift_start=shift_start, shift_end=shift_end,
                                      skills=frozenset(skills)))

    travel = FromProvider(travel_provider(scheduling_settings()))
    order_stops = [s for s in stops if s.id[0] == "order"]
    intervals = [(s.window_start, s.window_start + s.service_minutes) for s in stops]
    one_each = bool(order_stops) and max(a for a, _b in intervals) < min(b for _a, b in intervals)
    busy_workers: set[int] = set()
    if one_each:
        # every job of the day overlaps every other: a worker takes at most one, so the assignment is
        # exact; workers with a fixed job then are busy for all of them
        busy_workers = {r.worker_id for r in fixed_rows}
        result = plan(order_stops, [w for w in planner_workers if w.id not in busy_workers], travel,
                      method="assignment")
    else:
        result = plan(stops, planner_workers, travel, settings=settings or SolverSettings(time_limit_s=2))
    by_pk = {o.pk: o for o in orders}
    moves: list[Move] = []
    for route in result.routes:
        for visit in route.visits:
            kind, pk = visit.stop_id
            if kind != "order":
                continue
            order = by_pk[pk]
            if order.worker_id != route.worker_id:
                moves.append(Move(order_id=pk, from_worker=order.worker_id, to_worker=route.worker_id,
                                  starts_at=order.starts_at))
    stop_of = {s.id: s for s in order_stops}
    for left in result.unplaced:
        kind, pk = left.stop_id
        if kind == "order":
            code = left.reason
            if one_each and code == Reason.NO_SKILLED_WORKER and any(
                    w.id in busy_workers and w.can_do(stop_of[left.stop_id]) for w in planner_workers):
                code = Reason.NO_ROOM  # someone could, but is busy with a fixed job then
            unplaced.append(Left(pk, str(code), reason_text(code)))
    unplaced.sort(key=lambda u: (by_pk[u.order_id].starts_at, u.order_id))
    moves.sort(key=lambda m: (m.starts_at, m.order_id))
    return DayPlan(day=day, move_assigned=move_assigned, method=result.method, moves=moves, unplaced=unplaced,
                   total_travel=result.total_travel,
                   travel_now=_travel_now(current_rows, planner_workers, travel, midnight),
                   worker_minutes={int(k): v for k, v in result.worker_minutes.items()}, names=names, orders=by_pk)


def _travel_now(rows, workers: list[Worker], travel: FromProvider, midnight: datetime) -> int:
    """Minutes of travel of the day's booked rows as they are: each worker from home, job to job by
    start, and home again (the same measure as the plan's routes)."""
    total = 0
    homes = {w.id: w.start for w in workers}
    by_worker: dict[Hashable, list] = {}
    for row in rows:
        if row.worker_id in homes and (p := _point(row.latitude, row.longitude)) is not None:
            by_worker.setdefault(row.worker_id, []).append(p)
    for worker_id, places in by_worker.items():
        path = [homes[worker_id], *places, homes[worker_id]]
        matrix = travel.minutes(path)
        total += sum(matrix[i][i + 1] for i in range(len(path) - 1))
    return total
