"""The route planner: stops and workers in, a plan out (routes with times, total travel, each
worker's hours, and every stop it could not place with the reason). A library with no Django in it
(an import contract forbids it): callers load orders and workers, turn them into Stop and Worker,
and apply the Plan themselves.

    plan(stops, workers, StraightLine(minutes_per_km=3))            optimised routes
    plan(..., method="insertion")                                   the quick heuristic only
    plan(..., method="assignment")                                  at most one stop per worker, exact
    plan(..., method="nearest_neighbour")                           the dispatcher's greedy plan

How it answers (docs/decisions.md, "Route planner"): stops that cannot be done even alone are set
aside with their reason; crews are placed first by insertion (their members pinned to one start);
PyVRP optimises the rest within the time limit (asked to serve what fits; when that leaves stops
out, asked again to serve every stop); the cheapest-insertion plan is always made too, and
the better of the two is returned (more stops placed, then less travel). When PyVRP is missing,
fails or finds nothing in time, the insertion plan is the answer and Plan.notes says why.
"""
from __future__ import annotations

from collections.abc import Sequence

from .assignment import assign_one_each
from .insertion import insert, nearest_neighbour
from .model import Plan, Reason, Route, Stop, Unplaced, Visit, Worker
from .solver import SolverFailed, SolverSettings
from .timing import Indexed, Item, diagnose, no_room, route_of, timeline
from .travel import FromFunction, FromProvider, StraightLine, TravelTimes

__all__ = ["FromFunction", "FromProvider", "Plan", "Reason", "Route", "SolverSettings", "StraightLine", "Stop",
           "TravelTimes", "Unplaced", "Visit", "Worker", "plan"]

METHODS = ("optimise", "insertion", "assignment", "nearest_neighbour")


def plan(stops: Sequence[Stop], workers: Sequence[Worker], travel: TravelTimes, *, method: str = "optimise",
         settings: SolverSettings | None = None) -> Plan:
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r} (one of {', '.join(METHODS)})")
    ids = [s.id for s in stops]
    if len(set(ids)) != len(ids):
        raise ValueError("two stops share an id")
    ix = Indexed.build(stops, workers, travel)
    unplaced: list[Unplaced] = []
    candidates = []
    for s in range(len(stops)):
        why = diagnose(ix, s)
        if why is None:
            candidates.append(s)
        else:
            unplaced.append(why)
    notes: list[str] = []
    if method == "assignment":
        routes, left, refused = assign_one_each(ix, candidates)
        unplaced += refused
    elif method == "nearest_neighbour":
        routes, left = nearest_neighbour(ix, candidates)
    else:
        routes, left = insert(ix, candidates)
        if method == "optimise":
            routes, left, method = _optimise(ix, candidates, (routes, left), settings or SolverSettings(), notes)
        else:
            method = "insertion"
    unplaced += [no_room(ix.stops[s]) for s in left]
    order = {stop_id: i for i, stop_id in enumerate(ids)}
    return Plan(routes=tuple(route_of(ix, w, items) for w, items in enumerate(routes)),
                unplaced=tuple(sorted(unplaced, key=lambda u: order[u.stop_id])), method=method,
                notes=tuple(notes))


def _optimise(ix: Indexed, candidates: list[int], fallback, settings: SolverSettings, notes: list[str]):
    from .solver import solve

    crews = [s for s in candidates if ix.stops[s].crew > 1]
    singles = [s for s in candidates if ix.stops[s].crew == 1]
    pinned, crews_left = insert(ix, crews)
    if not singles:  # nothing for the solver to order
        return (*fallback, "insertion")
    try:
        routes = solve(ix, singles, pinned, settings)
        if sum(len(items) for items in routes) < len(singles) + sum(len(items) for items in pinned):
            try:  # some left out: a search that must serve everyone does better on tight fleets
                routes = solve(ix, singles, pinned, settings, require_all=True)
            except SolverFailed:
                pass
    except ImportError as exc:
        notes.append(f"solver unavailable ({exc}): cheapest insertion")
        return (*fallback, "insertion")
    except Exception as exc:  # noqa: BLE001 - any solver trouble: the insertion plan still answers
        notes.append(f"solver failed ({type(exc).__name__}: {exc}): cheapest insertion")
        return (*fallback, "insertion")
    placed = {s for items in routes for s, _ in items}
    routes, left = insert(ix, [s for s in singles if s not in placed], routes)  # repair what it left out
    left += crews_left

    def score(routes: list[list[Item]], left: list[int]):
        return (len(left), sum(timeline(ix, w, items).travel for w, items in enumerate(routes)))

    if score(*fallback) < score(routes, left):
        notes.append("cheapest insertion did better than the solver within its limit")
        return (*fallback, "insertion")
    return routes, left, "pyvrp"


__all__ += ["SolverFailed"]
