"""Load generator: N concurrent keep-alive HTTP connections for T seconds -> requests/s and latency
percentiles.

The connections are threads spread over a few processes (`spawn`, so they share no state with the
caller's Django and database connections), so that one GIL does not cap the load. Each thread holds
one keep-alive connection (http.client) and sends its next request as soon as the previous answer
has been read in full. Before the clock starts, every connection sends its first request and waits
for the answer (however long a fresh server takes to load its code), so a cold server cannot leave
the measured window empty. Requests that complete during the warm-up are not counted; after it, every
request completing inside the measured window counts, and latency runs from sending the request to
having read the whole body.

    result = run_load("http://127.0.0.1:8000", [Target("/", host="sparkle.localhost")])
    result.check()                   # raises on errors (wrong status, broken connection)
    result.figures("home_page")      # home_page_rps, home_page_p95_ms

Targets are either a list (thread i sends targets[(i + k) % len] as its k-th request) or a
picklable callable make(worker, k) -> Target (a module-level function, or functools.partial of
one), for requests that must differ, such as holds of distinct slots.
"""
from __future__ import annotations

import http.client
import math
import multiprocessing
import resource
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .registry import Figure

SETUP_TIMEOUT = 60.0


@dataclass(frozen=True)
class Target:
    path: str
    host: str = "localhost"
    method: str = "GET"
    body: bytes | None = None
    headers: tuple[tuple[str, str], ...] = ()


TargetSource = Sequence[Target] | Callable[[int, int], Target]


@dataclass
class LoadResult:
    requests: int  # completed in the measured window, errors included
    errors: int
    duration_s: float
    latencies_ms: list[float] = field(repr=False)  # sorted, of the successful requests
    first_error: str | None = None
    client_cpu_s: float = 0.0  # CPU time the load generator itself used (all its processes)

    @property
    def rps(self) -> float:
        return (self.requests - self.errors) / self.duration_s if self.duration_s else 0.0

    def percentile(self, p: float) -> float:
        """Nearest-rank percentile of the latencies, in ms (0 when there are none)."""
        if not self.latencies_ms:
            return 0.0
        rank = max(1, math.ceil(p / 100 * len(self.latencies_ms)))
        return self.latencies_ms[rank - 1]

    def figures(self, name: str) -> list[Figure]:
        return [Figure(f"{name}_rps", self.rps, "req/s"), Figure(f"{name}_p95_ms", self.percentile(95), "ms")]

    def summary(self) -> str:
        return (
            f"{self.requests} requests in {self.duration_s:.1f} s, {self.errors} errors, "
            f"p50 {self.percentile(50):.1f} ms, p95 {self.percentile(95):.1f} ms, p99 {self.percentile(99):.1f} ms, "
            f"max {self.percentile(100):.1f} ms; load generator CPU {self.client_cpu_s / self.duration_s:.0%} of a core"
        )

    def check(self, *, max_error_ratio: float = 0.0) -> LoadResult:
        if not self.requests:
            raise RuntimeError(f"no request completed: {self.first_error}")
        if self.errors > max_error_ratio * self.requests:
            raise RuntimeError(f"{self.errors} of {self.requests} requests failed; first: {self.first_error}")
        return self


def run_load(
    base_url: str,
    targets: TargetSource,
    *,
    connections: int = 8,
    duration: float = 5.0,
    warmup: float = 1.0,
    processes: int = 2,
    ok_statuses: frozenset[int] = frozenset({200}),
    timeout: float = 30.0,
) -> LoadResult:
    """Keep `connections` requests in flight against base_url for warmup + duration seconds."""
    if isinstance(targets, Sequence) and not targets:
        raise ValueError("no targets")
    processes = max(1, min(processes, connections))
    split = urlsplit(base_url)
    address = (split.hostname or "127.0.0.1", split.port or 80)
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(processes + 1)
    go = ctx.Event()
    start_at = ctx.Value("d", 0.0)
    results = ctx.Queue()
    workers = []
    first_thread = 0
    for index in range(processes):
        threads = connections // processes + (1 if index < connections % processes else 0)
        spec = _ProcessSpec(address, targets, first_thread, threads, ok_statuses, timeout, warmup, duration)
        first_thread += threads
        process = ctx.Process(target=_process_main, args=(spec, barrier, go, start_at, results), daemon=True)
        process.start()
        workers.append(process)
    try:
        barrier.wait(timeout=SETUP_TIMEOUT)
        start_at.value = time.monotonic() + 0.02
        go.set()
        parts = [results.get(timeout=warmup + duration + timeout + SETUP_TIMEOUT) for _ in workers]
    finally:
        for process in workers:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
    failures = [p for p in parts if isinstance(p, str)]
    if failures:
        raise RuntimeError(f"load generator process failed:\n{failures[0]}")
    latencies = sorted(latency for part in parts for latency in part.latencies_ms)
    first_error = next((p.first_error for p in parts if p.first_error), None)
    return LoadResult(
        requests=sum(p.requests for p in parts), errors=sum(p.errors for p in parts), duration_s=duration,
        latencies_ms=latencies, first_error=first_error, client_cpu_s=sum(p.client_cpu_s for p in parts),
    )


@dataclass(frozen=True)
class _ProcessSpec:
    address: tuple[str, int]
    targets: TargetSource
    first_thread: int
    threads: int
    ok_statuses: frozenset[int]
    timeout: float
    warmup: float
    duration: float


def _process_main(spec: _ProcessSpec, barrier, go, start_at, results) -> None:
    try:
        connections = _primed_connections(spec)
        barrier.wait(timeout=SETUP_TIMEOUT)
        go.wait(timeout=SETUP_TIMEOUT)
        measure_from = start_at.value + spec.warmup
        until = measure_from + spec.duration
        cpu_before = _cpu_seconds()
        parts: list[_Tally] = []
        threads = [
            threading.Thread(target=_connection_loop,
                             args=(spec, spec.first_thread + i, connections[i], measure_from, until, parts))
            for i in range(spec.threads)
        ]
        delay = start_at.value - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        cpu_measured = (_cpu_seconds() - cpu_before) * spec.duration / (spec.warmup + spec.duration)
        total = _Tally()
        for part in parts:
            total.requests += part.requests
            total.errors += part.errors
            total.latencies_ms.extend(part.latencies_ms)
            total.first_error = total.first_error or part.first_error
        total.client_cpu_s = cpu_measured
        results.put(total)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which raises
        import traceback

        results.put(f"{exc!r}\n{traceback.format_exc()}")


@dataclass
class _Tally:
    requests: int = 0
    errors: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    first_error: str | None = None
    client_cpu_s: float = 0.0


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _primed_connections(spec: _ProcessSpec) -> list[http.client.HTTPConnection]:
    """One connection per thread, each having had one answer (any status) before measuring starts.

    A fresh gunicorn worker imports and connects on its first request, which can take longer than a
    brief measured window on a loaded machine; priming outside the window keeps that cost out of
    the figures and guarantees the window sees a warm server."""
    host, port = spec.address
    connections = [http.client.HTTPConnection(host, port, timeout=SETUP_TIMEOUT) for _ in range(spec.threads)]

    def prime(index: int) -> None:
        connection = connections[index]
        worker = spec.first_thread + index
        target = spec.targets(worker, 0) if callable(spec.targets) else spec.targets[worker % len(spec.targets)]
        if target.method != "GET":  # never send an extra write; a GET of the same host warms the worker
            target = Target("/healthz", host=target.host)
        try:
            connection.request("GET", target.path, headers={"Host": target.host, **dict(target.headers)})
            response = connection.getresponse()
            response.read()
            if response.will_close:
                connection.close()
        except (OSError, http.client.HTTPException):
            connection.close()  # reconnects on its first measured request; errors are counted there
        connection.timeout = spec.timeout

    threads = [threading.Thread(target=prime, args=(i,)) for i in range(spec.threads)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return connections


def _connection_loop(spec: _ProcessSpec, worker: int, connection: http.client.HTTPConnection, measure_from: float,
                     until: float, out: list) -> None:
    tally = _Tally()
    targets = spec.targets
    k = 0
    while True:
        now = time.monotonic()
        if now >= until:
            break
        target = targets(worker, k) if callable(targets) else targets[(worker + k) % len(targets)]
        k += 1
        error = None
        started = time.perf_counter()
        try:
            headers = {"Host": target.host, **dict(target.headers)}
            connection.request(target.method, target.path, body=target.body, headers=headers)
            response = connection.getresponse()
            body = response.read()
            if response.status not in spec.ok_statuses:
                error = f"{response.status} {target.method} {target.host}{target.path}: {body[:300]!r}"
            if response.will_close:
                connection.close()
        except (OSError, http.client.HTTPException) as exc:
            error = f"{target.method} {target.host}{target.path}: {exc!r}"
            connection.close()
        latency_ms = (time.perf_counter() - started) * 1000
        done = time.monotonic()
        if measure_from <= done < until:
            tally.requests += 1
            if error:
                tally.errors += 1
                tally.first_error = tally.first_error or error
            else:
                tally.latencies_ms.append(latency_ms)
    connection.close()
    out.append(tally)  # list.append is atomic under the GIL



def request_once(base_url: str, target: Target, *, timeout: float = 60.0) -> tuple[int, bytes, float]:
    """One request on a fresh connection: (status, body, seconds from connecting to the whole body)."""
    split = urlsplit(base_url)
    connection = http.client.HTTPConnection(split.hostname or "127.0.0.1", split.port or 80, timeout=timeout)
    try:
        started = time.perf_counter()
        connection.request(target.method, target.path, body=target.body,
                           headers={"Host": target.host, **dict(target.headers)})
        response = connection.getresponse()
        body = response.read()
        return response.status, body, time.perf_counter() - started
    finally:
        connection.close()
