"""`make bench`: python -m tests.bench [name ...] — see tests/bench/__init__.py."""
from __future__ import annotations

import argparse
import os
import sys
import time

from .registry import Bench, LoadSettings, select


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all); `provision` also runs provision_*")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    parser.add_argument("--reuse-db", action="store_true", help="keep the last run's database if it exists")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and 1 s of load: a trial run")
    defaults = LoadSettings()
    parser.add_argument("--connections", type=int, default=defaults.connections, help="concurrent connections")
    parser.add_argument("--duration", type=float, default=defaults.duration, help="seconds of measured load")
    parser.add_argument("--warmup", type=float, default=defaults.warmup, help="seconds of load before measuring")
    parser.add_argument("--processes", type=int, default=defaults.processes, help="load generator processes")
    args = parser.parse_args(argv)
    os.chdir(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    try:
        benchmarks = select(args.names)
    except LookupError as exc:
        parser.error(str(exc))
    if args.list:
        for item in benchmarks:
            print(f"{item.name:20} {item.description}")
        return 0
    load = LoadSettings(
        connections=args.connections, duration=1.0 if args.quick else args.duration,
        warmup=0.5 if args.quick else args.warmup, processes=args.processes,
    )
    return run(benchmarks, load=load, quick=args.quick, reuse_db=args.reuse_db)


def run(benchmarks, *, load: LoadSettings, quick: bool, reuse_db: bool) -> int:
    from . import environment
    from .environment import say

    started = time.monotonic()
    say(f"load average {_load_average()} (other work on this machine skews the figures)")
    environment.configure()
    import django

    django.setup()
    environment.prepare(reuse=reuse_db)

    from django.conf import settings

    from tenant_apps.demo.seed import COMPANIES
    from tests.processes import web_server

    failed = []
    with web_server(workers=2, threads=4, DJANGO_SETTINGS_MODULE=environment.SETTINGS_MODULE) as server:
        say(f"gunicorn (2 workers x 4 threads, {environment.SETTINGS_MODULE}) on {server.base_url}")
        bench = Bench(
            base_url=server.base_url, platform_host=settings.PLATFORM_DOMAIN,
            company_host=f"{COMPANIES[0]['slug']}.{settings.PLATFORM_DOMAIN}", load=load, quick=quick,
        )
        for item in benchmarks:
            say(f"{item.name}: {item.description}")
            try:
                for figure in item.function(bench):
                    print(figure.line(), flush=True)
            except Exception as exc:  # noqa: BLE001 - report, go on with the others, fail at the end
                say(f"{item.name} FAILED: {exc}")
                failed.append(item.name)
        if failed:
            say(f"server log (tail):\n{server.log()[-3000:]}")
    say(f"load average {_load_average()}")
    say(f"done in {time.monotonic() - started:.0f} s" + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


def _load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    sys.exit(main())
