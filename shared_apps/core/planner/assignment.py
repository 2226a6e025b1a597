"""Each worker takes at most one stop: an assignment problem, solved exactly (SciPy's
linear_sum_assignment, the Hungarian method) on the round-trip travel of each feasible pair."""
from __future__ import annotations

from collections.abc import Sequence

from .model import Reason, Unplaced
from .timing import Indexed, Item, alone_interval

FORBIDDEN = 10**9


def assign_one_each(ix: Indexed, stops: Sequence[int]) -> tuple[list[list[Item]], list[int], list[Unplaced]]:
    """Routes of at most one stop each, the stops that lost out, and crews (refused: one stop per
    worker cannot hold a crew, which needs its members to do nothing else)."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    refused = [Unplaced(ix.stops[s].id, Reason.CREW_TOO_LARGE, "one stop per worker does not plan crews")
               for s in stops if ix.stops[s].crew > 1]
    singles = [s for s in stops if ix.stops[s].crew == 1]
    routes: list[list[Item]] = [[] for _ in ix.workers]
    if not singles or not ix.workers:
        return routes, singles, refused
    cost = np.full((len(ix.workers), len(singles)), FORBIDDEN, dtype=np.int64)
    for w in range(len(ix.workers)):
        for j, s in enumerate(singles):
            if alone_interval(ix, w, s) is not None:
                node = ix.stop_node(s)
                cost[w, j] = ix.matrix[ix.start_node(w)][node] + ix.matrix[node][ix.end_node(w)]
    rows, columns = linear_sum_assignment(cost)
    placed = set()
    for w, j in zip(rows, columns, strict=True):
        if cost[w, j] < FORBIDDEN:
            routes[w] = [(singles[j], None)]
            placed.add(singles[j])
    return routes, [s for s in singles if s not in placed], refused
