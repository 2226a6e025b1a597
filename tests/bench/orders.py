"""Orders created per second end to end: concurrent signed-in customers each quote (POST /quotes/),
hold the quoted time (POST /holds/) and book it (POST /orders/), on the availability benchmark's
company (20 workers). Every customer asks for its own start times, so lost races are rare; only
orders that were created (201) count."""
from __future__ import annotations

import json
import threading
import time
from datetime import datetime, timedelta
from datetime import time as clock_time
from zoneinfo import ZoneInfo

from .availability import CENTER, DAYS, SLUG, ensure_world
from .environment import say
from .load import Target, request_once
from .registry import Bench, Figure, benchmark


def _post(base_url: str, host: str, path: str, token: str, body: dict) -> tuple[int, dict]:
    status, raw, _seconds = request_once(base_url, Target(path, host=host, method="POST",
                                                          body=json.dumps(body).encode(), headers=(
        ("Content-Type", "application/json"), ("Authorization", f"Token {token}"))))
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, {}


def _reset(company) -> None:
    from django_tenants.utils import tenant_context

    from tenant_apps.orders.models import Order
    from tenant_apps.scheduling.models import Assignment, AssignmentStatus

    with tenant_context(company):
        holds = list(Order.objects.values_list("hold_id", flat=True))
        Assignment.objects.filter(hold_id__in=holds).delete()
        Assignment.objects.filter(status=AssignmentStatus.HOLD).delete()
        Order.objects.all().delete()


@benchmark("orders", changes_data=True,
           description="quote -> hold -> order by concurrent customers, end to end: orders created per second")
def orders(bench: Bench):
    from tenants.models import Company

    settings = bench.load
    world = ensure_world(customers=settings.connections)
    _reset(Company.objects.get(slug=SLUG))
    zone = ZoneInfo(world.time_zone)
    today = datetime.now(zone).date()
    starts = [datetime.combine(today + timedelta(days=d), clock_time(h, m), tzinfo=zone).isoformat()
              for d in range(2, DAYS) for h in range(8, 19) for m in (0, 30)]
    address = {"latitude": CENTER[0], "longitude": CENTER[1]}
    created, failed = [0], [0]
    first_error: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + settings.duration

    def customer(index: int) -> None:
        token = world.tokens[index % len(world.tokens)]
        k = 0
        while time.monotonic() < deadline:
            start = starts[(index + k * settings.connections) % len(starts)]
            k += 1
            job = {"service": world.holds_service, "start": start}
            status, quote = _post(bench.base_url, world.host, "/api/v1/quotes/", token, {**job, "address": address})
            if status == 201:
                status, hold = _post(bench.base_url, world.host, "/api/v1/holds/", token, {**job, "address": address})
            if status == 201:
                status, _order = _post(bench.base_url, world.host, "/api/v1/orders/", token, {
                    "quote": quote["token"], "hold": hold["id"], "contact_name": "Bench",
                    "contact_phone": "+8613800000000", "address": {"line": "Bench Road 1", **address}})
            with lock:
                if status == 201:
                    created[0] += 1
                else:
                    failed[0] += 1
                    if not first_error and status != 409:
                        first_error.append(f"{status}")

    started = time.monotonic()
    threads = [threading.Thread(target=customer, args=(i,)) for i in range(settings.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if not created[0]:
        raise RuntimeError(f"no order was created ({failed[0]} failures, first {first_error})")
    say(f"orders: {settings.connections} customers: {created[0]} orders in {elapsed:.1f} s, {failed[0]} refused")
    yield Figure("orders_per_s", created[0] / elapsed, "orders/s")
