"""Reads for the office's dispatch board: the workers as rows with their jobs of a day or a week
placed by time (each with the travel before it), the orders still waiting for a worker, and the
points and routes of its map. One fixed set of queries per render, however many jobs and workers.

Travel before a job is the travel-time provider's estimate (scheduling.selectors.travel_provider):
from the worker's previous job that day, or, for the day's first job, from their home base."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, QuerySet

from shared_apps.core.company import company_time_zone
from shared_apps.core.geo import GeoPoint
from tenant_apps.catalog.models import Zone
from tenant_apps.catalog.selectors import zone_area
from tenant_apps.scheduling.selectors import scheduling_settings, travel_provider
from tenant_apps.workforce.models import ACTIVE_WORKER, WorkerProfile

from .models import Order, OrderException, OrderStatus

BOARD_STATES = (OrderStatus.ASSIGNED, OrderStatus.ACCEPTED, OrderStatus.ON_THE_WAY, OrderStatus.ARRIVED,
                OrderStatus.IN_SERVICE, OrderStatus.COMPLETED, OrderStatus.REVIEWED)
DAY_HOURS = (6, 22)  # the columns of a day: 06:00 to 22:00 (jobs outside are clipped to the edge)
MAX_ORDERS = 2000  # a bound on one render; a company with more on one week filters first


@dataclass(frozen=True)
class BoardFilters:
    skill: str = ""
    zone: Zone | None = None
    status: str = ""


@dataclass
class BoardJob:
    order: Order
    start: datetime  # in the company's time zone
    end: datetime
    travel_minutes: int  # before the job: from the previous job, or from home for the day's first
    left: float = 0.0  # percent of the row: where the job starts, its width, and the lead-in's width
    width: float = 0.0
    lead: float = 0.0
    exceptions: list[OrderException] = field(default_factory=list)


@dataclass
class BoardRow:
    worker: WorkerProfile
    jobs: list[BoardJob]
    minutes_busy: int = 0


@dataclass
class MapRoute:
    worker: WorkerProfile
    points: list[tuple[float, float]]  # (x, y) in the map's box, home first when there is one
    stops: list[tuple[float, float, BoardJob]]


@dataclass
class Board:
    first_day: date
    days: list[date]
    hours: list[int]
    rows: list[BoardRow]
    pending: list[Order]
    map: dict


def _point(latitude, longitude) -> GeoPoint | None:
    if latitude is None or longitude is None:
        return None
    return GeoPoint(float(latitude), float(longitude))


def board_orders(*, first_day: date, last_day: date) -> QuerySet[Order]:
    """The orders shown on the board between two company dates (workers' jobs and the ones waiting
    for a worker), with what their blocks show, in two queries (the orders, their open exceptions)."""
    zone = ZoneInfo(company_time_zone())
    start = datetime.combine(first_day, time(0), tzinfo=zone)
    end = datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=zone)
    return (Order.objects.filter(starts_at__gte=start, starts_at__lt=end,
                                 status__in=(OrderStatus.PENDING_DISPATCH, *BOARD_STATES))
            .select_related("service")
            .prefetch_related(Prefetch("exceptions", queryset=OrderException.objects.filter(
                resolved_at__isnull=True).order_by("id"), to_attr="open_exceptions"))
            .order_by("starts_at", "id"))


def board_workers(*, skill: str = "") -> QuerySet[WorkerProfile]:
    workers = WorkerProfile.objects.filter(ACTIVE_WORKER).select_related("staff_member")
    if skill:
        workers = workers.filter(skills__contains=[skill])
    return workers.order_by("staff_member__display_name", "pk")


def board_skills() -> list[str]:
    """Every skill some active worker has, for the filter (one query)."""
    found: set[str] = set()
    for skills in WorkerProfile.objects.filter(ACTIVE_WORKER).values_list("skills", flat=True):
        found.update(skills or ())
    return sorted(found)


def _keep(order: Order, filters: BoardFilters, inside) -> bool:
    if filters.status and order.status != filters.status:
        return False
    if filters.skill and filters.skill not in (order.service.required_skills or ()):
        return False
    if inside is not None:
        point = _point(order.latitude, order.longitude)
        if point is None or not inside(point):
            return False
    return True


def dispatch_board(*, first_day: date, days: int = 1, filters: BoardFilters | None = None) -> Board:
    """The board of `days` company dates from `first_day` (1: the day view, 7: the week view)."""
    filters = filters or BoardFilters()
    time_zone = ZoneInfo(company_time_zone())
    dates = [first_day + timedelta(days=i) for i in range(days)]
    inside = zone_area(filters.zone) if filters.zone is not None else None
    workers = list(board_workers(skill=filters.skill))
    orders = [o for o in board_orders(first_day=dates[0], last_day=dates[-1])[:MAX_ORDERS]
              if _keep(o, filters, inside)]
    travel = travel_provider(scheduling_settings())
    pending = [o for o in orders if o.status == OrderStatus.PENDING_DISPATCH]
    by_worker: dict[int, list[Order]] = {}
    for order in orders:
        if order.status != OrderStatus.PENDING_DISPATCH and order.worker_id is not None:
            by_worker.setdefault(order.worker_id, []).append(order)
    first_hour, last_hour = DAY_HOURS
    rows = []
    for worker in workers:
        jobs = _jobs_of(worker, by_worker.get(worker.pk, []), time_zone, travel)
        for job in jobs:
            _place(job, dates, first_hour, last_hour)
        rows.append(BoardRow(worker=worker, jobs=jobs, minutes_busy=sum(
            int((j.end - j.start).total_seconds() // 60) for j in jobs)))
    return Board(first_day=first_day, days=dates, hours=list(range(first_hour, last_hour)), rows=rows,
                 pending=pending, map=board_map(rows, pending))


def _jobs_of(worker: WorkerProfile, orders: list[Order], time_zone: ZoneInfo, travel) -> list[BoardJob]:
    home = _point(worker.home_latitude, worker.home_longitude)
    jobs: list[BoardJob] = []
    previous: tuple[date, GeoPoint | None] | None = None
    for order in orders:  # by start already
        start = order.starts_at.astimezone(time_zone)
        here = _point(order.latitude, order.longitude)
        origin = previous[1] if previous is not None and previous[0] == start.date() else home
        minutes = 0
        if origin is not None and here is not None:
            minutes = math.ceil(travel.durations([origin], [here])[0][0] / 60)
        jobs.append(BoardJob(order=order, start=start, end=order.ends_at.astimezone(time_zone),
                             travel_minutes=minutes, exceptions=list(order.open_exceptions)))
        previous = (start.date(), here)
    return jobs


def _place(job: BoardJob, dates: list[date], first_hour: int, last_hour: int) -> None:
    """The block's position in percent of the row: each day is an equal part, its hours spread evenly."""
    span = (last_hour - first_hour) * 60
    index = (job.start.date() - dates[0]).days
    share = 100 / len(dates)

    def at(moment: datetime) -> float:
        minutes = moment.hour * 60 + moment.minute - first_hour * 60
        if moment.date() != job.start.date():
            minutes = span  # past midnight: the end of the day's columns
        return min(max(minutes, 0), span) / span * share

    base = index * share
    job.left = round(base + at(job.start), 3)
    job.width = round(max(at(job.end) - at(job.start), share * 0.02), 3)
    job.lead = round(min(job.travel_minutes / span * share, at(job.start)), 3)


# ---- the map ---------------------------------------------------------------------------------------

MAP_WIDTH, MAP_HEIGHT, TILE = 600, 400, 256


def _world(latitude: float, longitude: float, zoom: int) -> tuple[float, float]:
    """Web Mercator pixel coordinates at `zoom` (what map tiles use)."""
    scale = TILE * 2 ** zoom
    lat = math.radians(max(min(latitude, 85.0), -85.0))
    return ((longitude + 180) / 360 * scale,
            (1 - math.log(math.tan(lat) + 1 / math.cos(lat)) / math.pi) / 2 * scale)


@dataclass(frozen=True)
class Projection:
    """Places to (x, y) in a box: Web Mercator at `zoom`, shifted so the box's top left is (left, top)."""

    zoom: int
    left: float
    top: float

    def __call__(self, point: GeoPoint) -> tuple[float, float]:
        x, y = _world(point.latitude, point.longitude, self.zoom)
        return round(x - self.left, 1), round(y - self.top, 1)


def fit_points(places: list[GeoPoint], *, width: int, height: int) -> Projection:
    """The closest zoom at which every place fits in 80 % of the box, centred (at least one place)."""
    zoom = 18
    while zoom > 1:
        xs, ys = zip(*(_world(p.latitude, p.longitude, zoom) for p in places), strict=True)
        if max(xs) - min(xs) <= width * 0.8 and max(ys) - min(ys) <= height * 0.8:
            break
        zoom -= 1
    xs, ys = zip(*(_world(p.latitude, p.longitude, zoom) for p in places), strict=True)
    return Projection(zoom=zoom, left=(max(xs) + min(xs)) / 2 - width / 2, top=(max(ys) + min(ys)) / 2 - height / 2)


def board_map(rows: list[BoardRow], pending: list[Order]) -> dict:
    """The map panel's drawing: the day's jobs and each worker's route projected into a 600×400 box
    (Web Mercator, zoomed to fit), and the map tiles under them when a tile source is set
    (settings.MAP_TILE_URL). Without tiles the points stand alone: it works offline."""
    from django.conf import settings

    places: list[GeoPoint] = []
    for row in rows:
        home = _point(row.worker.home_latitude, row.worker.home_longitude)
        if home is not None and row.jobs:
            places.append(home)
        places.extend(p for p in (_point(j.order.latitude, j.order.longitude) for j in row.jobs) if p)
    places.extend(p for p in (_point(o.latitude, o.longitude) for o in pending) if p)
    if not places:
        return {"empty": True, "width": MAP_WIDTH, "height": MAP_HEIGHT}
    project = fit_points(places, width=MAP_WIDTH, height=MAP_HEIGHT)
    zoom, left, top = project.zoom, project.left, project.top

    routes = []
    for row in rows:
        stops = [(*project(p), job) for job in row.jobs
                 if (p := _point(job.order.latitude, job.order.longitude)) is not None]
        if not stops:
            continue
        home = _point(row.worker.home_latitude, row.worker.home_longitude)
        line = ([project(home)] if home is not None else []) + [(x, y) for x, y, _job in stops]
        routes.append({"worker": row.worker, "hue": (len(routes) * 67) % 360,
                       "home": project(home) if home is not None else None,
                       "path": " ".join(f"{x},{y}" for x, y in line), "stops": stops})
    waiting = [(*project(p), order) for order in pending
               if (p := _point(order.latitude, order.longitude)) is not None]
    tiles = []
    url = getattr(settings, "MAP_TILE_URL", "")
    if url:
        count = 2 ** zoom
        for tx in range(int(left // TILE), int((left + MAP_WIDTH) // TILE) + 1):
            for ty in range(max(int(top // TILE), 0), min(int((top + MAP_HEIGHT) // TILE), count - 1) + 1):
                tiles.append({"href": url.format(z=zoom, x=tx % count, y=ty, s="a"),
                              "x": round(tx * TILE - left, 1), "y": round(ty * TILE - top, 1)})
    return {"empty": False, "width": MAP_WIDTH, "height": MAP_HEIGHT, "routes": routes, "waiting": waiting,
            "tiles": tiles, "zoom": zoom}


def board_version(*, first_day: date, last_day: date) -> str:
    """A fingerprint of what the board between two dates shows (its orders, their open exceptions,
    the workers): the poll swaps the board only when it changes. Two queries, whatever the size."""
    from django.db.models import Count, Max

    zone = ZoneInfo(company_time_zone())
    start = datetime.combine(first_day, time(0), tzinfo=zone)
    end = datetime.combine(last_day + timedelta(days=1), time(0), tzinfo=zone)
    orders = Order.objects.filter(starts_at__gte=start, starts_at__lt=end).aggregate(
        n=Count("id", distinct=True), changed=Max("updated_at"), exceptions=Max("exceptions__updated_at"))
    workers = WorkerProfile.objects.aggregate(n=Count("pk"), changed=Max("updated_at"),
                                              staff=Max("staff_member__updated_at"))
    parts = [orders["n"], orders["changed"], orders["exceptions"], workers["n"], workers["changed"], workers["staff"]]
    return "-".join(str(int(p.timestamp() * 1000)) if isinstance(p, datetime) else str(p or 0) for p in parts)
