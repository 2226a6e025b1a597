"""Requests per second and p95 latency of pages under the same concurrent load (LoadSettings).

bare_django is the ceiling: a view that returns a fixed response through the same server, host
and middleware stack as the storefront home page.
"""
from __future__ import annotations

from .environment import say
from .load import Target, run_load
from .registry import Bench, benchmark


def measure(bench: Bench, name: str, targets, **options):
    settings = bench.load
    result = run_load(
        bench.base_url, targets, connections=settings.connections, duration=settings.duration,
        warmup=settings.warmup, processes=settings.processes, **options,
    ).check()
    say(f"{name}: {settings.connections} connections: {result.summary()}")
    return result.figures(name)


@benchmark("home_page", description="a company's storefront home page (/ on <slug>.localhost)")
def home_page(bench: Bench):
    return measure(bench, "home_page", [Target("/", host=bench.company_host)])


@benchmark("healthz", description="/healthz (database and Redis checks) on the platform host")
def healthz(bench: Bench):
    return measure(bench, "healthz", [Target("/healthz", host=bench.platform_host)])


@benchmark("bare_django", description="/ping on a company host: fixed response, full middleware (the ceiling)")
def bare_django(bench: Bench):
    return measure(bench, "bare_django", [Target("/ping", host=bench.company_host)])
