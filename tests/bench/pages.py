"""Requests per second and p95 latency of pages under the same concurrent load (LoadSettings).

bare_django is the ceiling: a view that returns a fixed response through the same server, host
and middleware stack as the storefront home page.
"""
from __future__ import annotations

from .environment import cold_latencies, nearest_rank, say
from .load import Target, run_load
from .registry import Bench, Figure, benchmark


def measure(bench: Bench, name: str, targets, **options):
    settings = bench.load
    result = run_load(
        bench.base_url, targets, connections=settings.connections, duration=settings.duration,
        warmup=settings.warmup, processes=settings.processes, **options,
    ).check()
    say(f"{name}: {settings.connections} connections: {result.summary()}")
    return result.figures(name)


@benchmark("home_page", description="a company's storefront home page (/ on <slug>.localhost), warm and cold")
def home_page(bench: Bench):
    """Warm: under load, the menu cached. Cold: one request at a time, each right after the company's
    cache was emptied (as after a catalog change); its rps is requests per second of that one
    connection, each request on a fresh connection."""
    targets = [Target("/", host=bench.company_host)]
    figures = measure(bench, "home_page", targets)
    cold = cold_latencies(bench.base_url, bench.company_host, targets, times=bench.repeat(30, 5))
    say(f"home_page cold: {len(cold)} requests, each after the cache was emptied: p50 {nearest_rank(cold, 50):.1f} ms")
    return [*figures, Figure("home_page_cold_rps", len(cold) / (sum(cold) / 1000), "req/s"),
            Figure("home_page_cold_p95_ms", nearest_rank(cold, 95), "ms")]


@benchmark("healthz", description="/healthz (database and Redis checks) on the platform host")
def healthz(bench: Bench):
    return measure(bench, "healthz", [Target("/healthz", host=bench.platform_host)])


@benchmark("bare_django", description="/ping on a company host: fixed response, full middleware (the ceiling)")
def bare_django(bench: Bench):
    return measure(bench, "bare_django", [Target("/ping", host=bench.company_host)])
