"""Route planner figures (shared_apps.core.planner; no server, no database):

route_20_stops_s        one optimised plan of 20 stops for 3 workers in Shanghai (2-hour windows,
                        skills), median wall time after a warm-up plan (PyVRP's import and first run)
optimised_travel_ratio  total travel of the optimised plan / the dispatcher's greedy plan
                        (nearest_neighbour), on a day of 60 stops and 10 workers
vrptw_gap_pct           mean gap to the best known solutions of Solomon C101, R101 and RC101 with
                        10 s each, through the planner (see tests/bench/solomon.py for the convention),
                        over the instances served in full; vrptw_failures counts the others

--quick (and the harness test) makes fewer plans, a shorter day and only C101 with 2 s.
"""
from __future__ import annotations

import math
import random
import statistics
import time

from .environment import say
from .registry import Bench, Figure, benchmark
from .solomon import BEST_KNOWN, SCALE, check, gap_pct, read

CENTER = (31.2304, 121.4737)  # People's Square, Shanghai
SKILLS = ("cleaning", "aircon", "plumbing")


def shanghai_day(stops: int, workers: int, seed: int = 7):
    """A realistic day: homes and customers within ~8 km of the centre, 08:00-20:00 shifts,
    2-hour arrival windows starting on the hour 08:00-16:00, 45-120 minute jobs; every worker
    cleans, some also service air conditioners or do plumbing."""
    from shared_apps.core.geo import GeoPoint
    from shared_apps.core.planner import Stop, Worker

    rng = random.Random(seed)

    def near(km: float = 8.0) -> GeoPoint:
        return GeoPoint(round(CENTER[0] + rng.uniform(-km, km) / 111.0, 6),
                        round(CENTER[1] + rng.uniform(-km, km) / 95.0, 6))

    crew = [Worker(id=f"worker-{i}", start=near(), shift_start=8 * 60, shift_end=20 * 60,
                   skills=frozenset({"cleaning", SKILLS[1 + i % 3]} if i % 3 < 2 else {"cleaning"}))
            for i in range(workers)]
    jobs = []
    for i in range(stops):
        opens = rng.randrange(8, 17) * 60
        skill = SKILLS[0] if rng.random() < 0.8 else rng.choice(SKILLS[1:])
        jobs.append(Stop(id=f"stop-{i}", place=near(), window_start=opens, window_end=opens + 120,
                         service_minutes=rng.choice((45, 60, 60, 90, 120)), skills=frozenset({skill})))
    return jobs, crew


@benchmark("route_20_stops", description="route planner: 20 stops, 3 workers, Shanghai, 2-hour windows (s)")
def route_20_stops(bench: Bench):
    from shared_apps.core.planner import StraightLine, plan

    stops, workers = shanghai_day(20, 3)
    travel = StraightLine(minutes_per_km=3)
    plan(stops, workers, travel)  # warm-up: imports PyVRP
    times = []
    for _ in range(bench.repeat(5, 2)):
        started = time.perf_counter()
        result = plan(stops, workers, travel)
        times.append(time.perf_counter() - started)
    say(f"route_20_stops: {result.method}, {len(result.placed)}/20 placed, travel {result.total_travel} min, "
        f"runs {', '.join(f'{t:.2f}' for t in times)} s")
    yield Figure("route_20_stops_s", statistics.median(times), "s")


@benchmark("optimised_travel", description="route planner: optimised / greedy total travel, 60 stops, 10 workers")
def optimised_travel(bench: Bench):
    from shared_apps.core.planner import SolverSettings, StraightLine, plan

    stops, workers = shanghai_day(30, 5) if bench.quick else shanghai_day(60, 10)
    travel = StraightLine(minutes_per_km=3)
    greedy = plan(stops, workers, travel, method="nearest_neighbour")
    # a day's plan ("optimise tomorrow") can take longer than the planner's interactive default
    optimised = plan(stops, workers, travel,
                     settings=SolverSettings(time_limit_s=2 if bench.quick else 5, no_improvement=2_000))
    say(f"optimised_travel: greedy {len(greedy.placed)}/{len(stops)} placed, {greedy.total_travel} min; "
        f"{optimised.method} {len(optimised.placed)}/{len(stops)} placed, {optimised.total_travel} min")
    if len(optimised.placed) < len(greedy.placed):
        raise RuntimeError("the optimised plan places fewer stops than the greedy one")
    # when the greedy plan leaves stops out, the ratio flatters it (it drove to fewer places)
    yield Figure("optimised_travel_ratio", optimised.total_travel / greedy.total_travel, "ratio")


def solomon_plan(name: str, seconds: float):
    """Plan a Solomon instance through the planner: its best known number of identical workers at
    the depot, times and distances x SCALE (the planner counts in whole units)."""
    from shared_apps.core.planner import FromFunction, SolverSettings, Stop, Worker, plan

    instance = read(name)
    depot = instance.depot
    stops = [Stop(id=c.number, place=(c.x, c.y), window_start=c.ready * SCALE, window_end=c.due * SCALE,
                  service_minutes=c.service * SCALE, demand=c.demand) for c in instance.customers]
    workers = [Worker(id=k, start=(depot.x, depot.y), shift_start=0, shift_end=depot.due * SCALE,
                      capacity=instance.capacity) for k in range(BEST_KNOWN[name][0])]
    travel = FromFunction(lambda a, b: round(math.dist(a, b) * SCALE))
    result = plan(stops, workers, travel, settings=SolverSettings(time_limit_s=seconds, no_improvement=None))
    routes = [[v.stop_id for v in route.visits] for route in result.routes if route.visits]
    return result, check(instance, routes)


@benchmark("vrptw_gap", description="route planner on Solomon C101, R101, RC101 (10 s each): mean gap to best known")
def vrptw_gap(bench: Bench):
    """An instance whose plan leaves a customer out with the best known number of vehicles is a
    failure: counted in vrptw_failures, not averaged into the gap (docs/decisions.md)."""
    names, seconds = (["C101"], 2.0) if bench.quick else (list(BEST_KNOWN), 10.0)
    gaps, failures = [], 0
    for name in names:
        started = time.monotonic()
        result, (distance, problems) = solomon_plan(name, seconds)
        say(f"vrptw_gap: {name}: {result.method}, {sum(1 for r in result.routes if r.visits)} vehicles, "
            f"{distance:.2f} vs {BEST_KNOWN[name][1]} ({gap_pct(name, distance):+.2f} %), "
            f"{len(result.unplaced)} unplaced, {time.monotonic() - started:.1f} s"
            + (f"; PROBLEMS: {problems[:3]}" if problems else ""))
        if result.unplaced or problems:
            failures += 1
        else:
            gaps.append(round(gap_pct(name, distance), 3) + 0.0)  # + 0.0: no "-0.000" for a tie
    if not gaps:
        raise RuntimeError("no Solomon instance was served in full")
    yield Figure("vrptw_gap_pct", statistics.mean(gaps), "%")
    yield Figure("vrptw_failures", failures, "instances")
