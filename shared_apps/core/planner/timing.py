"""The one definition of a feasible route, shared by every method: a worker's sequence of items
(stop index, pinned start or None) timed from the shift's start, service starting at the later of
arrival and window start, never after the window's end; back home by the shift's end; load within
capacity. Also what a stop needs on its own (the reasons of Unplaced)."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .model import Reason, Route, Stop, Unplaced, Visit, Worker
from .travel import TravelTimes

Item = tuple[int, int | None]  # (stop index, pinned start for a crew member, else None)


@dataclass
class Indexed:
    """Stops and workers with their places numbered into one travel matrix: worker i's start is
    node i, its end node W + i, stop j node 2W + j."""

    stops: Sequence[Stop]
    workers: Sequence[Worker]
    matrix: list[list[int]]

    @classmethod
    def build(cls, stops: Sequence[Stop], workers: Sequence[Worker], travel: TravelTimes) -> Indexed:
        places = [w.start for w in workers] + [w.end_place for w in workers] + [s.place for s in stops]
        matrix = travel.minutes(places) if places else []
        if len(matrix) != len(places) or any(len(row) != len(places) for row in matrix):
            raise ValueError("the travel matrix is not square over the places asked for")
        return cls(stops=list(stops), workers=list(workers), matrix=matrix)

    def start_node(self, w: int) -> int:
        return w

    def end_node(self, w: int) -> int:
        return len(self.workers) + w

    def stop_node(self, s: int) -> int:
        return 2 * len(self.workers) + s


@dataclass(frozen=True)
class Timed:
    visits: tuple[tuple[int, int, int, int], ...]  # (arrival, start, finish, travel before)
    back: int
    travel: int


def timeline(ix: Indexed, w: int, items: Sequence[Item]) -> Timed | None:
    """The earliest-start schedule of items on worker w, or None when it breaks a window, the shift
    or the capacity."""
    worker, matrix = ix.workers[w], ix.matrix
    clock, here, load, travel = worker.shift_start, ix.start_node(w), 0, 0
    visits = []
    for s, pin in items:
        stop = ix.stops[s]
        node = ix.stop_node(s)
        leg = matrix[here][node]
        arrival = clock + leg
        early, late = (pin, pin) if pin is not None else (stop.window_start, stop.window_end)
        start = max(arrival, early)
        if start > late:
            return None
        clock = start + stop.service_minutes
        visits.append((arrival, start, clock, leg))
        travel += leg
        load += stop.demand
        here = node
    leg = matrix[here][ix.end_node(w)]
    back = clock + leg
    if back > worker.shift_end or (worker.capacity is not None and load > worker.capacity):
        return None
    return Timed(visits=tuple(visits), back=back, travel=travel + leg)


def route_of(ix: Indexed, w: int, items: Sequence[Item]) -> Route:
    timed = timeline(ix, w, items)
    if timed is None:
        raise ValueError(f"infeasible route for worker {ix.workers[w].id}")
    worker = ix.workers[w]
    if not items:
        return Route(worker_id=worker.id, depart=worker.shift_start, visits=(), back=worker.shift_start,
                     travel_minutes=0)
    visits = [Visit(stop_id=ix.stops[s].id, arrival=a, start=b, finish=c, travel_before=d)
              for (s, _pin), (a, b, c, d) in zip(items, timed.visits, strict=True)]
    # the worker leaves home as late as still makes the first start, rather than waiting there
    first = visits[0]
    visits[0] = Visit(stop_id=first.stop_id, arrival=first.start, start=first.start, finish=first.finish,
                      travel_before=first.travel_before)
    return Route(worker_id=worker.id, depart=first.start - first.travel_before, visits=tuple(visits),
                 back=timed.back, travel_minutes=timed.travel)


def alone_interval(ix: Indexed, w: int, s: int) -> tuple[int, int] | None:
    """The starts at which worker w could do stop s as its only job of the day, or None."""
    worker, stop = ix.workers[w], ix.stops[s]
    if not worker.can_do(stop) or (worker.capacity is not None and stop.demand > worker.capacity):
        return None
    node = ix.stop_node(s)
    early = max(stop.window_start, worker.shift_start + ix.matrix[ix.start_node(w)][node])
    late = min(stop.window_end, worker.shift_end - ix.matrix[node][ix.end_node(w)] - stop.service_minutes)
    return (early, late) if early <= late else None


def crew_start(intervals: Sequence[tuple[int, int]], crew: int) -> int | None:
    """The earliest start that at least `crew` of the intervals share, or None."""
    for candidate in sorted(early for early, _late in intervals):
        if sum(1 for early, late in intervals if early <= candidate <= late) >= crew:
            return candidate
    return None


def diagnose(ix: Indexed, s: int) -> Unplaced | None:
    """Why stop s cannot be placed even on an empty day, or None when it can."""
    stop = ix.stops[s]
    skilled = [w for w, worker in enumerate(ix.workers) if worker.can_do(stop)]
    if not ix.workers:
        return Unplaced(stop.id, Reason.NO_SKILLED_WORKER, "no workers to plan with")
    if not skilled:
        missing = sorted(stop.skills - set().union(*(w.skills for w in ix.workers)))
        detail = f"nobody has all of {sorted(stop.skills)}" + (f" (nobody has {missing})" if missing else "")
        return Unplaced(stop.id, Reason.NO_SKILLED_WORKER, detail)
    if stop.crew > len(skilled):
        return Unplaced(stop.id, Reason.CREW_TOO_LARGE,
                        f"needs a crew of {stop.crew}, {len(skilled)} worker(s) have the skills")
    fits = [w for w in skilled if ix.workers[w].capacity is None or stop.demand <= ix.workers[w].capacity]
    if len(fits) < stop.crew:
        return Unplaced(stop.id, Reason.OVER_CAPACITY, f"load {stop.demand} is more than the workers can take")
    intervals = [i for w in fits if (i := alone_interval(ix, w, s)) is not None]
    if len(intervals) >= stop.crew and (stop.crew == 1 or crew_start(intervals, stop.crew) is not None):
        return None
    overlapping = [w for w in fits if stop.window_end >= ix.workers[w].shift_start
                   and stop.window_start + stop.service_minutes <= ix.workers[w].shift_end]
    if len(overlapping) < stop.crew:
        return Unplaced(stop.id, Reason.OUTSIDE_SHIFTS,
                        f"window {stop.window_start}-{stop.window_end} (+{stop.service_minutes} min) is outside "
                        f"the shifts of the skilled workers")
    return Unplaced(stop.id, Reason.WINDOW_UNREACHABLE,
                    f"no skilled worker{' crew' if stop.crew > 1 else ''} can get there by {stop.window_end} "
                    f"and home by the end of the shift")


def no_room(stop: Stop) -> Unplaced:
    return Unplaced(stop.id, Reason.NO_ROOM, "possible on its own, but not together with the rest of the day")
