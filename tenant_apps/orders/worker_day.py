"""A worker's day: their jobs of one date in order, the travel before each (from home for the first,
from the previous job after that) with the travel-time provider availability uses, when to leave
and when they would arrive, and hand-off links that open navigation in the map apps people use.

Before a task is accepted its place is an area (docs/decisions.md, "Before acceptance a worker sees
an area"): its travel is estimated from the rounded point and it gets no navigation links."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from shared_apps.core.approximate import approximate_coordinate
from shared_apps.core.geo import GeoPoint
from tenant_apps.scheduling.selectors import scheduling_settings, travel_provider
from tenant_apps.scheduling.travel import TravelTimeProvider
from tenant_apps.workforce.models import WorkerProfile

from .models import Order, OrderStatus
from .selectors import ACCEPTED_STATES

DAY_STATES = (OrderStatus.ASSIGNED, OrderStatus.ACCEPTED, OrderStatus.ON_THE_WAY, OrderStatus.ARRIVED,
              OrderStatus.IN_SERVICE, OrderStatus.COMPLETED, OrderStatus.REVIEWED)


@dataclass
class DayStop:
    company: object  # tenants.Company: its name, time zone and colour on the page
    order: Order
    place: GeoPoint | None  # exact once accepted, else rounded to about a kilometre
    exact: bool
    travel: TravelTimeProvider
    travel_minutes: int | None = None
    from_home: bool = False
    leave_by: datetime | None = None  # to be there at the start
    eta: datetime | None = None  # arriving straight from the previous job (or the "on the way" ETA)
    late: bool = False
    navigation: list[tuple[str, str]] = field(default_factory=list)

    @property
    def start(self) -> datetime:
        return self.order.starts_at.astimezone(ZoneInfo(self.company.time_zone))

    @property
    def end(self) -> datetime:
        return self.order.ends_at.astimezone(ZoneInfo(self.company.time_zone))


def _point(latitude, longitude) -> GeoPoint | None:
    if latitude is None or longitude is None:
        return None
    return GeoPoint(float(latitude), float(longitude))


def home_of(worker: WorkerProfile) -> GeoPoint | None:
    return _point(worker.home_latitude, worker.home_longitude)


def stops_in_company(worker: WorkerProfile, *, company, day: date) -> list[DayStop]:
    """The worker's jobs on `day` (the company's date) in the current company's schema: one query for
    the orders, one for the travel settings."""
    zone = ZoneInfo(company.time_zone)
    start = datetime.combine(day, time(0), tzinfo=zone)
    orders = (Order.objects.filter(worker=worker, status__in=DAY_STATES, starts_at__gte=start,
                                   starts_at__lt=start + timedelta(days=1)).order_by("starts_at", "id"))
    travel = travel_provider(scheduling_settings())
    stops = []
    for order in orders:
        exact = order.status in ACCEPTED_STATES
        if exact:
            place = _point(order.latitude, order.longitude)
        else:
            place = _point(approximate_coordinate(order.latitude), approximate_coordinate(order.longitude))
        stops.append(DayStop(company=company, order=order, place=place, exact=exact, travel=travel))
    return stops


def navigation_links(place: GeoPoint, name: str) -> list[tuple[str, str]]:
    """Links that open turn-by-turn navigation to `place` in AMap, Baidu Maps, Apple Maps and Google
    Maps (their public URL schemes; each opens the app when installed, else its web page)."""
    lat, lng = f"{place.latitude:.6f}", f"{place.longitude:.6f}"
    return [
        ("AMap", "https://uri.amap.com/navigation?" + urlencode({"to": f"{lng},{lat},{name}", "mode": "car"},
                                                                 safe=",")),
        ("Baidu", "https://api.map.baidu.com/direction?" + urlencode(
            {"destination": f"latlng:{lat},{lng}|name:{name}", "mode": "driving", "output": "html",
             "src": "doorstep"}, safe=",:|")),
        ("Apple", f"https://maps.apple.com/?daddr={lat},{lng}"),
        ("Google", f"https://www.google.com/maps/dir/?api=1&destination={lat},{lng}"),
    ]


def plan_day(stops: list[DayStop], *, home: GeoPoint | None) -> list[DayStop]:
    """Put the stops in order and work out the travel before each, when to leave and when they would
    arrive; the "on the way" ETA the worker gave wins for a job they are driving to."""
    stops = sorted(stops, key=lambda s: (s.order.starts_at, s.order.pk))
    previous: DayStop | None = None
    for stop in stops:
        origin = previous.place if previous is not None else home
        if origin is not None and stop.place is not None:
            stop.travel_minutes = math.ceil(stop.travel.durations([origin], [stop.place])[0][0] / 60)
            stop.from_home = previous is None
            stop.leave_by = stop.order.starts_at - timedelta(minutes=stop.travel_minutes)
            if previous is not None:
                stop.eta = previous.order.ends_at + timedelta(minutes=stop.travel_minutes)
        if stop.order.status == OrderStatus.ON_THE_WAY and stop.order.eta_at:
            stop.eta = stop.order.eta_at
        stop.late = stop.eta is not None and stop.eta > stop.order.starts_at
        zone = ZoneInfo(stop.company.time_zone)  # shown in the company's time, like the job itself
        stop.leave_by = stop.leave_by.astimezone(zone) if stop.leave_by else None
        stop.eta = stop.eta.astimezone(zone) if stop.eta else None
        if stop.exact and stop.place is not None:
            stop.navigation = navigation_links(stop.place, stop.order.address_line or stop.order.service_name)
        previous = stop
    return stops


def route_drawing(stops: list[DayStop], home: GeoPoint | None) -> dict:
    """The day's route for a small SVG: home, then each stop in order, projected into a 320×200 box."""
    from .board import fit_points

    places = ([home] if home is not None else []) + [s.place for s in stops if s.place is not None]
    if not places:
        return {"empty": True}
    project = fit_points(places, width=320, height=200)
    points = [project(p) for p in places]
    return {"empty": False, "width": 320, "height": 200, "path": " ".join(f"{x},{y}" for x, y in points),
            "home": points[0] if home is not None else None,
            "stops": points[1:] if home is not None else points}



def travel_minutes_to(worker: WorkerProfile, order: Order, *, company) -> int | None:
    """The travel before `order` in the worker's day here (from the job before it, or from home): the
    "on the way" ETA the worker is offered when they set off."""
    day = order.starts_at.astimezone(ZoneInfo(company.time_zone)).date()
    stops = plan_day(stops_in_company(worker, company=company, day=day), home=home_of(worker))
    return next((s.travel_minutes for s in stops if s.order.pk == order.pk), None)
