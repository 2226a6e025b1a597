"""The measurement behind the planner's solver choice (docs/decisions.md, "Route planner"): PyVRP and
OR-Tools on Solomon C101, R101 and RC101, each with the best known number of vehicles and a time
limit, one line per run. Not part of `make bench`; OR-Tools is not a dependency, so:

    .venv/bin/pip install ortools && .venv/bin/python -m tests.bench.compare_solvers [seconds]
"""
from __future__ import annotations

import sys
import time

from .solomon import BEST_KNOWN, SCALE, Instance, check, gap_pct, read


def _scaled(instance: Instance, a, b) -> int:
    return round(instance.distance(a, b) * SCALE)


def solve_pyvrp(instance: Instance, seconds: float, vehicles: int, seed: int = 1) -> list[list[int]]:
    from pyvrp import Model
    from pyvrp.stop import MaxRuntime

    model = Model()
    points = [instance.depot, *instance.customers]
    locations = [model.add_location(p.x, p.y) for p in points]
    depot = model.add_depot(locations[0], tw_early=0, tw_late=instance.depot.due * SCALE)
    model.add_vehicle_type(vehicles, capacity=[instance.capacity], start_depot=depot, end_depot=depot,
                           tw_early=0, tw_late=instance.depot.due * SCALE)
    for location, c in zip(locations[1:], instance.customers, strict=True):
        model.add_client(location, delivery=[c.demand], service_duration=c.service * SCALE,
                         tw_early=c.ready * SCALE, tw_late=c.due * SCALE)
    for i, a in enumerate(points):
        for j, b in enumerate(points):
            d = _scaled(instance, a, b)
            model.add_edge(locations[i], locations[j], d, d)
    result = model.solve(MaxRuntime(seconds), seed=seed, display=False)
    if not result.is_feasible():
        return []
    return [[instance.customers[a.idx].number for a in route.schedule() if a.is_client()]
            for route in result.best.routes()]


def solve_ortools(instance: Instance, seconds: float, vehicles: int,
                  strategy: str = "PARALLEL_CHEAPEST_INSERTION") -> list[list[int]]:
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    points = [instance.depot, *instance.customers]
    manager = pywrapcp.RoutingIndexManager(len(points), vehicles, 0)
    routing = pywrapcp.RoutingModel(manager)
    matrix = [[_scaled(instance, a, b) for b in points] for a in points]

    def distance(i, j):
        return matrix[manager.IndexToNode(i)][manager.IndexToNode(j)]

    def time_callback(i, j):
        a = manager.IndexToNode(i)
        return matrix[a][manager.IndexToNode(j)] + points[a].service * SCALE

    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitCallback(distance))
    horizon = instance.depot.due * SCALE
    routing.AddDimension(routing.RegisterTransitCallback(time_callback), horizon, horizon, False, "Time")
    clock = routing.GetDimensionOrDie("Time")
    for node, c in enumerate(points):
        if node:
            clock.CumulVar(manager.NodeToIndex(node)).SetRange(c.ready * SCALE, c.due * SCALE)
    demand = routing.RegisterUnaryTransitCallback(lambda i: points[manager.IndexToNode(i)].demand)
    routing.AddDimensionWithVehicleCapacity(demand, 0, [instance.capacity] * vehicles, True, "Load")
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = getattr(routing_enums_pb2.FirstSolutionStrategy, strategy)
    params.local_search_metaheuristic = routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    params.time_limit.FromMilliseconds(int(seconds * 1000))
    solution = routing.SolveWithParameters(params)
    if solution is None:
        return []
    routes = []
    for v in range(vehicles):
        index, route = solution.Value(routing.NextVar(routing.Start(v))), []
        while not routing.IsEnd(index):
            route.append(points[manager.IndexToNode(index)].number)
            index = solution.Value(routing.NextVar(index))
        if route:
            routes.append(route)
    return routes


def main(argv: list[str]) -> None:
    seconds = float(argv[0]) if argv else 10.0
    fleet = argv[1] if len(argv) > 1 else "best-known"  # or "file": the instance's 25 vehicles
    runs = [("pyvrp", solve_pyvrp, {}), ("ortools-pci", solve_ortools, {}),
            ("ortools-default", solve_ortools, {"strategy": "AUTOMATIC"})]
    for name in BEST_KNOWN:
        instance = read(name)
        vehicles = BEST_KNOWN[name][0] if fleet == "best-known" else instance.vehicles
        for label, solve, extra in runs:
            started = time.monotonic()
            try:
                routes = solve(instance, seconds, vehicles, **extra)
            except ImportError as exc:
                print(f"{name} {label}: not installed ({exc})")
                continue
            elapsed = time.monotonic() - started
            if not routes:
                print(f"{name} {label}: NO SOLUTION in {elapsed:.1f} s")
                continue
            distance, problems = check(instance, routes)
            print(f"{name} {label} ({vehicles} available): {len(routes)} vehicles, {distance:.2f} "
                  f"({gap_pct(name, distance):+.2f} %) "
                  f"in {elapsed:.1f} s" + (f"; INVALID: {problems[:3]}" if problems else ""), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
