"""Pure-Python methods that always answer quickly and the same way every time:

- insert(): cheapest insertion, the fallback when the solver is missing, fails or runs out of time,
  and the way crews are placed (the members start together: each gets a copy pinned to one start).
  Stops go in one at a time, crews first, then the tightest windows; each to the position and worker
  that adds the least travel.
- nearest_neighbour(): what a dispatcher does by hand, the baseline the optimiser is measured
  against: stops in order of their window, each appended to the worker who reaches it with the
  least travel from where that worker is.
"""
from __future__ import annotations

from collections.abc import Sequence

from .timing import Indexed, Item, timeline


def _order(ix: Indexed, stops: Sequence[int]) -> list[int]:
    def key(s: int):
        stop = ix.stops[s]
        return (-stop.crew, stop.window_end - stop.window_start, stop.window_start, s)

    return sorted(stops, key=key)


def _cheapest(ix: Indexed, routes: list[list[Item]], costs: list[int], w: int, item: Item):
    """(added travel, position) of the cheapest feasible insertion of item on worker w, or None."""
    best = None
    route = routes[w]
    for position in range(len(route) + 1):
        timed = timeline(ix, w, route[:position] + [item] + route[position:])
        if timed is not None and (best is None or timed.travel - costs[w] < best[0]):
            best = (timed.travel - costs[w], position)
    return best


def insert(ix: Indexed, stops: Sequence[int],
           routes: list[list[Item]] | None = None) -> tuple[list[list[Item]], list[int]]:
    """Insert stops into routes (default: empty days); returns the routes and the stops left out."""
    routes = [list(r) for r in routes] if routes is not None else [[] for _ in ix.workers]
    costs = [timeline(ix, w, r).travel for w, r in enumerate(routes)]
    left = []
    for s in _order(ix, stops):
        stop = ix.stops[s]
        skilled = [w for w, worker in enumerate(ix.workers) if worker.can_do(stop)]
        if stop.crew == 1:
            options = [(found[0], w, found[1]) for w in skilled
                       if (found := _cheapest(ix, routes, costs, w, (s, None))) is not None]
            chosen = [min(options)] if options else []
            pin = None
        else:
            chosen, pin = _crew(ix, routes, costs, skilled, s)
        if not chosen:
            left.append(s)
            continue
        for _cost, w, position in chosen:
            routes[w].insert(position, (s, pin))
            costs[w] = timeline(ix, w, routes[w]).travel
    return routes, left


def _crew(ix: Indexed, routes, costs, skilled: list[int], s: int):
    """The members and the common start for crew stop s: the start (among the earliest each member
    could make) that adds the least travel over the cheapest `crew` workers."""
    stop = ix.stops[s]
    starts = set()
    for w in skilled:
        for position in range(len(routes[w]) + 1):
            timed = timeline(ix, w, routes[w][:position] + [(s, None)] + routes[w][position:])
            if timed is not None:
                starts.add(timed.visits[position][1])
    best, best_start = None, None
    for start in sorted(starts):
        options = sorted((found[0], w, found[1]) for w in skilled
                         if (found := _cheapest(ix, routes, costs, w, (s, start))) is not None)
        if len(options) >= stop.crew:
            total = sum(cost for cost, _w, _p in options[:stop.crew])
            if best is None or total < sum(cost for cost, _w, _p in best):
                best, best_start = options[:stop.crew], start
    return (best or []), best_start


def nearest_neighbour(ix: Indexed, stops: Sequence[int]) -> tuple[list[list[Item]], list[int]]:
    """The dispatcher's greedy plan (one-person stops; crews use insert's pinning)."""
    routes: list[list[Item]] = [[] for _ in ix.workers]
    left = []
    for s in sorted(stops, key=lambda s: (ix.stops[s].window_start, ix.stops[s].window_end, s)):
        stop = ix.stops[s]
        if stop.crew > 1:
            routes, rest = insert(ix, [s], routes)
            left += rest
            continue
        options = []
        for w, worker in enumerate(ix.workers):
            if not worker.can_do(stop):
                continue
            here = ix.stop_node(routes[w][-1][0]) if routes[w] else ix.start_node(w)
            if timeline(ix, w, routes[w] + [(s, None)]) is not None:
                options.append((ix.matrix[here][ix.stop_node(s)], w))
        if options:
            routes[min(options)[1]].append((s, None))
        else:
            left.append(s)
    return routes, left

