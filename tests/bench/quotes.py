"""Instant quotes under concurrent load: POST /api/v1/quotes/ on a company host (anonymous, as a
storefront visitor), for the company's first offered service, with an add-on when it has one.

The requests differ in quantity or duration, so the engine prices each one, and each response is a
signed quote (201). What the engine reads (the service's pricing inputs: variants, add-ons,
surcharges, zones) IS cached per catalog version, so the load figures are warm. The cold figure
(quote_cold_p95_ms) sends quotes one at a time, each right after the company's cache is emptied,
as after a catalog change.
"""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from .environment import cold_latencies, nearest_rank, say
from .load import Target, request_once, run_load
from .registry import Bench, Figure, benchmark

VARIANTS_OF_REQUEST = 8
COUNTED = ("per_unit", "per_area", "buyback")


@benchmark("quote", description="POST /api/v1/quotes/ (instant quote of a storefront service) under load: p50, p95")
def quote(bench: Bench):
    targets = quote_targets(bench.base_url, bench.company_host)
    settings = bench.load
    result = run_load(
        bench.base_url, targets, connections=settings.connections, duration=settings.duration,
        warmup=settings.warmup, processes=settings.processes, ok_statuses=frozenset({201}),
    ).check()
    say(f"quote: {settings.connections} connections: {result.summary()}")
    yield Figure("quote_p50_ms", result.percentile(50), "ms")
    yield Figure("quote_p95_ms", result.percentile(95), "ms")
    yield Figure("quote_rps", result.rps, "req/s")
    cold = cold_latencies(bench.base_url, bench.company_host, targets, times=bench.repeat(30, 5))
    say(f"quote cold: {len(cold)} requests, each after the cache was emptied: p50 {nearest_rank(cold, 50):.1f} ms")
    yield Figure("quote_cold_p95_ms", nearest_rank(cold, 95), "ms")


def quote_targets(base_url: str, host: str) -> list[Target]:
    """Valid quote requests for the first offered service of the company at `host`, checked once."""
    service = _get(base_url, host, "/api/v1/catalog/services/")[0]
    detail = _get(base_url, host, f"/api/v1/catalog/services/{service['id']}/")
    variant = detail["variants"][0]
    # 10:00 company time (a time without an offset is read in the company's zone), days ahead on a
    # Wednesday: clear of lead times, evening, weekend and short-notice surcharges
    day = datetime.now(UTC).date() + timedelta(days=5)
    day += timedelta(days=(3 - day.isoweekday()) % 7)
    base = {"service": detail["id"], "variant": variant["id"], "start": f"{day.isoformat()}T10:00:00"}
    if detail["add_ons"]:
        base["add_ons"] = [{"add_on": detail["add_ons"][0]["id"], "quantity": 1}]
    targets = []
    for i in range(VARIANTS_OF_REQUEST):
        body = dict(base)
        if variant["price_model"] in COUNTED:
            span = variant["max_quantity"] - variant["min_quantity"]
            body["quantity"] = variant["min_quantity"] + (i * 7) % (span + 1)
        elif variant["price_model"] == "hourly":
            body["duration_minutes"] = 30 * (max(variant["minimum_minutes"] // 30, 1) + i)
        targets.append(Target("/api/v1/quotes/", host=host, method="POST", body=json.dumps(body).encode(),
                              headers=(("Content-Type", "application/json"),)))
    for target in targets:
        status, body, _seconds = request_once(base_url, target)
        if status != 201:
            raise RuntimeError(f"quote request refused: {status} {body[:300]!r}")
    return targets


def _get(base_url: str, host: str, path: str):
    status, body, _seconds = request_once(base_url, Target(path, host=host))
    if status != 200:
        raise RuntimeError(f"GET {host}{path}: {status} {body[:300]!r}")
    return json.loads(body)
