"""Payments settled per second end to end, by concurrent customers on the availability benchmark's
company (sandbox payments, the default). First the customers book orders over HTTP (quote, hold,
order: untimed); then, timed, each customer pays one of its orders after another: POST
/api/v1/orders/<id>/pay/ (a Payment and the sandbox gateway's payment), then the gateway's signed
notification POSTed to /payments/notify/sandbox/ (verified, the event claimed, the order marked paid,
the ledger posted). Only payments whose notification was answered 200 count, and the figure is
checked afterwards against the database: each counted payment succeeded with its ledger posting."""
from __future__ import annotations

import json
import secrets
import threading
import time
from datetime import datetime, timedelta
from datetime import time as clock_time
from zoneinfo import ZoneInfo

from .availability import CENTER, DAYS, SLUG, ensure_world
from .environment import say
from .load import Target, request_once
from .orders import _post, _reset
from .registry import Bench, Figure, benchmark

NOTIFY = "/payments/notify/sandbox/"


def _book_orders(bench: Bench, world, count: int) -> list[tuple[str, int]]:
    """(customer token, order id) of `count` orders waiting for payment, booked over HTTP."""
    zone = ZoneInfo(world.time_zone)
    today = datetime.now(zone).date()
    starts = [datetime.combine(today + timedelta(days=d), clock_time(h, m), tzinfo=zone).isoformat()
              for d in range(2, DAYS) for h in range(8, 19) for m in (0, 30)]
    address = {"latitude": CENTER[0], "longitude": CENTER[1]}
    booked: list[tuple[str, int]] = []
    lock = threading.Lock()
    connections = bench.load.connections

    def customer(index: int) -> None:
        token = world.tokens[index % len(world.tokens)]
        k = 0
        while True:
            with lock:
                if len(booked) >= count or k > 4 * count:
                    return
            start = starts[(index + k * connections) % len(starts)]
            k += 1
            job = {"service": world.holds_service, "start": start}
            status, quote = _post(bench.base_url, world.host, "/api/v1/quotes/", token, {**job, "address": address})
            if status == 201:
                status, hold = _post(bench.base_url, world.host, "/api/v1/holds/", token, {**job, "address": address})
            if status == 201:
                status, order = _post(bench.base_url, world.host, "/api/v1/orders/", token, {
                    "quote": quote["token"], "hold": hold["id"], "contact_name": "Bench",
                    "contact_phone": "+8613800000000", "address": {"line": "Bench Road 1", **address}})
                if status == 201 and order.get("id"):
                    with lock:
                        booked.append((token, int(order["id"])))

    threads = [threading.Thread(target=customer, args=(i,)) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return booked


def _pay(base_url: str, host: str, token: str, order_id: int) -> tuple[int, dict]:
    status, raw, _seconds = request_once(base_url, Target(
        f"/api/v1/orders/{order_id}/pay/", host=host, method="POST",
        body=json.dumps({"method": "sandbox", "kind": "full"}).encode(),
        headers=(("Content-Type", "application/json"), ("Authorization", f"Token {token}"),
                 ("Idempotency-Key", secrets.token_hex(16)))))
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, {}


def _notify(base_url: str, host: str, secret: str, *, company_id: int, payment: dict) -> int:
    from django.utils import timezone

    from shared_apps.payment_providers import sandbox_gateway as gateway

    event_id = "evt_" + secrets.token_hex(12)
    body = json.dumps({"id": event_id, "kind": "payment_succeeded", "merchant_id": f"sandbox-{company_id}",
                       "reference": payment["reference"], "payment_reference": payment["reference"],
                       "provider_id": "sp_bench", "amount_fen": payment["amount_fen"], "currency": "CNY",
                       "occurred_at": timezone.now().isoformat()}, separators=(",", ":"), sort_keys=True).encode()
    headers = tuple(gateway.signed_headers(secret, event_id, body).items())
    status, _raw, _seconds = request_once(base_url, Target(NOTIFY, host=host, method="POST", body=body,
                                                            headers=headers))
    return status


@benchmark("payments", changes_data=True,
           description="pay API + signed sandbox notification by concurrent customers: payments settled per second")
def payments(bench: Bench):
    from django_tenants.utils import tenant_context

    from shared_apps.payment_providers.registry import sandbox_config
    from tenant_apps.ledger.models import JournalTransaction
    from tenant_apps.payments.models import Payment, PaymentStatus
    from tenants.models import Company

    settings = bench.load
    world = ensure_world(customers=settings.connections)
    company = Company.objects.get(slug=SLUG)
    _reset(company)
    wanted = bench.repeat(300, 40)
    began = time.monotonic()
    orders = _book_orders(bench, world, wanted)
    say(f"payments: {len(orders)} orders booked in {time.monotonic() - began:.1f} s (untimed)")
    if not orders:
        raise RuntimeError("no order was booked to pay")
    secret = sandbox_config(company_id=company.pk).secrets["secret"]
    queue = list(orders)
    settled: list[str] = []
    failed = [0]
    first_error: list[str] = []
    lock = threading.Lock()
    deadline = time.monotonic() + settings.duration

    def customer() -> None:
        while time.monotonic() < deadline:
            with lock:
                if not queue:
                    return
                token, order_id = queue.pop()
            status, payment = _pay(bench.base_url, world.host, token, order_id)
            if status == 201:
                status = _notify(bench.base_url, world.host, secret, company_id=company.pk, payment=payment)
            with lock:
                if status == 200:
                    settled.append(payment["reference"])
                else:
                    failed[0] += 1
                    if not first_error:
                        first_error.append(f"{status} {str(payment)[:200]}")

    started = time.monotonic()
    threads = [threading.Thread(target=customer) for _ in range(settings.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    with tenant_context(company):
        done = Payment.objects.filter(reference__in=settled, status=PaymentStatus.SUCCEEDED).count()
        posted = JournalTransaction.objects.filter(kind="payment", order_id__in=Payment.objects.filter(
            reference__in=settled).values("order_id")).count()
    if not settled or done != len(settled) or posted != len(settled):
        raise RuntimeError(f"{len(settled)} answered 200, {done} succeeded, {posted} posted; "
                           f"{failed[0]} failed, first {first_error}")
    if not queue:
        say("payments: every booked order was paid before the time was up; book more for a steadier figure")
    say(f"payments: {settings.connections} customers: {len(settled)} payments settled in {elapsed:.1f} s, "
        f"{failed[0]} failed")
    yield Figure("payments_per_s", len(settled) / elapsed, "payments/s")
