"""The optimiser: PyVRP (hybrid genetic search for VRPTW; the measurement that chose it is in
docs/decisions.md, "Route planner").

The planner's problem maps onto PyVRP as:
- each worker is a vehicle type of one vehicle, from a depot at its start to a depot at its end,
  within its shift, with its capacity;
- each one-person stop is an optional client with a prize far larger than any detour, so that the
  search serves every stop it can and leaves out only what does not fit; when that leaves stops
  out, a second search requires every stop (it is better at tight fleets, worse at finding a first
  full plan elsewhere) and its plan is taken if it finds one;
- crew members are required clients pinned to their common start ([t, t]) and to their worker;
- skills (and pinning) are profiles: each group of workers with the same skills (a worker with crew
  duties is a group of its own) has its own travel matrix, with no edge into a stop it may not do
  (PyVRP treats a missing edge as prohibitively long).
Travel minutes are both the distance (the objective) and the duration.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .timing import Indexed, Item, timeline

# A stop left out costs this many times the longest detour it could need: the search serves every stop
# it can before it shortens anything.
PRIZE_FACTOR = 1_000


class SolverFailed(Exception):
    pass


@dataclass(frozen=True)
class SolverSettings:
    time_limit_s: float = 1.0
    no_improvement: int | None = 1_000  # iterations without a better plan before it stops; None: time only
    max_iterations: int | None = None
    seed: int = 0


def solve(ix: Indexed, singles: Sequence[int], pinned: list[list[Item]], settings: SolverSettings, *,
          require_all: bool = False) -> list[list[Item]]:
    """Routes (one list of items per worker) for the one-person stops `singles` plus the crew items
    already pinned on each worker; with require_all, every stop must be served (SolverFailed when no
    such plan was found). Raises SolverFailed (or ImportError without PyVRP)."""
    from pyvrp import Model
    from pyvrp.stop import MaxIterations, MaxRuntime, MultipleCriteria, NoImprovement

    workers, matrix = ix.workers, ix.matrix
    crew_owners = {w for w, items in enumerate(pinned) if items}
    # a profile per group of workers with the same skills (a worker with crew duties alone); in it, a
    # vehicle type per fleet of identical workers (same places, shift and capacity), so that the
    # search does not waste its time swapping routes between workers who are interchangeable
    groups: dict[tuple, list[list[int]]] = {}
    for w, worker in enumerate(workers):
        fleets = groups.setdefault((worker.skills, w if w in crew_owners else None), [])
        same = next((f for f in fleets if _identical(workers[f[0]], worker)), None)
        if same is None:
            fleets.append([w])
        else:
            same.append(w)
    model = Model()
    xy = _coordinates(matrix)
    # nodes of the travel matrix -> PyVRP locations, depots (each fleet's first worker's) first
    locations, depots = {}, {}
    for fleets in groups.values():
        for fleet in fleets:
            for node in (ix.start_node(fleet[0]), ix.end_node(fleet[0])):
                locations[node] = model.add_location(*xy[node])
                depots[node] = model.add_depot(locations[node])
    clients: list[Item] = []
    client_locations = []
    biggest = max((max(row) for row in matrix), default=0)
    prize = PRIZE_FACTOR * (2 * biggest + 1)
    total_demand = sum(ix.stops[s].demand for s in singles) + sum(ix.stops[s].demand for r in pinned for s, _ in r)
    for s in singles:
        stop = ix.stops[s]
        location = model.add_location(*xy[ix.stop_node(s)])
        model.add_client(location, delivery=[stop.demand], service_duration=stop.service_minutes,
                         tw_early=stop.window_start, tw_late=stop.window_end, prize=0 if require_all else prize,
                         required=require_all)
        clients.append((s, None))
        client_locations.append(location)
    pinned_clients: dict[int, list[int]] = {}
    for w, items in enumerate(pinned):
        for s, start in items:
            stop = ix.stops[s]
            location = model.add_location(*xy[ix.stop_node(s)])
            model.add_client(location, delivery=[stop.demand], service_duration=stop.service_minutes,
                             tw_early=start, tw_late=start, required=True)
            clients.append((s, start))
            client_locations.append(location)
            pinned_clients.setdefault(w, []).append(len(clients) - 1)

    def travel(a_key, b_key) -> int:
        return matrix[a_key[1]][b_key[1]]

    for (skills, owner), fleets in groups.items():
        profile = model.add_profile()
        allowed = [(client_locations[c], ix.stop_node(s)) for c, (s, pin) in enumerate(clients)
                   if pin is None and ix.stops[s].skills <= skills]
        if owner is not None:
            allowed += [(client_locations[c], ix.stop_node(clients[c][0])) for c in pinned_clients[owner]]
        ends = []
        for fleet in fleets:
            ends += [(locations[node], node) for node in (ix.start_node(fleet[0]), ix.end_node(fleet[0]))]
        for a in allowed:
            for b in allowed:
                if a[0] is not b[0]:
                    model.add_edge(a[0], b[0], travel(a, b), travel(a, b), profile=profile)
            for depot in ends:
                model.add_edge(depot[0], a[0], travel(depot, a), travel(depot, a), profile=profile)
                model.add_edge(a[0], depot[0], travel(a, depot), travel(a, depot), profile=profile)
        for a in ends:
            for b in ends:
                if a[0] is not b[0]:
                    model.add_edge(a[0], b[0], travel(a, b), travel(a, b), profile=profile)
        for fleet in fleets:
            worker = workers[fleet[0]]
            model.add_vehicle_type(
                len(fleet), capacity=[worker.capacity if worker.capacity is not None else total_demand + 1],
                start_depot=depots[ix.start_node(fleet[0])], end_depot=depots[ix.end_node(fleet[0])],
                tw_early=worker.shift_start, tw_late=worker.shift_end, profile=profile,
                name=",".join(map(str, fleet)))
    criteria = [MaxRuntime(settings.time_limit_s)]
    if settings.no_improvement is not None:
        criteria.append(NoImprovement(settings.no_improvement))
    if settings.max_iterations is not None:
        criteria.append(MaxIterations(settings.max_iterations))
    result = model.solve(MultipleCriteria(criteria), seed=settings.seed, display=False, collect_stats=False)
    if not result.best.is_feasible():
        raise SolverFailed("no feasible solution within the limit")
    free = [[int(w) for w in vt.name.split(",")] for vt in model.vehicle_types]  # members without a route yet
    routes: list[list[Item]] = [[] for _ in workers]
    for route in result.best.routes():
        w = free[route.vehicle_type()].pop(0)
        routes[w] = [clients[a.idx] for a in route.schedule() if a.is_client()]
        if timeline(ix, w, routes[w]) is None or any(not workers[w].can_do(ix.stops[s]) for s, _ in routes[w]):
            raise SolverFailed(f"the solver's route for worker {workers[w].id} does not check out")
    return routes


def _identical(a, b) -> bool:
    return (a.start == b.start and a.end_place == b.end_place and a.shift_start == b.shift_start
            and a.shift_end == b.shift_end and a.capacity == b.capacity)


def _coordinates(matrix: list[list[int]]) -> list[tuple[float, float]]:
    """Points in the plane whose distances approximate the travel matrix (classical
    multidimensional scaling): some of PyVRP's operators look at where places are (route centroids,
    angles), and the planner only knows travel times."""
    import numpy as np

    if not matrix:
        return []
    d = np.asarray(matrix, dtype=float)
    d = (d + d.T) / 2
    n = len(d)
    centring = np.eye(n) - np.full((n, n), 1 / n)
    gram = -0.5 * centring @ (d**2) @ centring
    values, vectors = np.linalg.eigh(gram)
    top = np.argsort(values)[::-1][:2]
    points = vectors[:, top] * np.sqrt(np.clip(values[top], 0, None))
    if points.shape[1] < 2:
        points = np.hstack([points, np.zeros((n, 2 - points.shape[1]))])
    return [(float(x), float(y)) for x, y in points]
