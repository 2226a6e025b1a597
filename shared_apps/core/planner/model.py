"""What the planner takes and gives: stops, workers, and the plan (routes, and the stops it could not
place, each with a reason). Plain frozen dataclasses; times are integer minutes on one clock the
caller chooses (minutes since the day's midnight in the company's zone, say)."""
from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


@dataclass(frozen=True)
class Stop:
    """A job to visit. Service starts within [window_start, window_end] (the customer's arrival
    window) and lasts service_minutes. A crew of n needs n workers who start it together."""

    id: Hashable
    place: Any  # whatever the TravelTimes in use understands (a GeoPoint for the straight line)
    window_start: int
    window_end: int
    service_minutes: int
    skills: frozenset[str] = frozenset()
    crew: int = 1
    demand: int = 0  # load it takes, against Worker.capacity (0: none)

    def __post_init__(self):
        if self.window_end < self.window_start:
            raise ValueError(f"stop {self.id}: the window ends before it starts")
        if self.service_minutes < 0 or self.crew < 1 or self.demand < 0:
            raise ValueError(f"stop {self.id}: negative service time or demand, or an empty crew")


@dataclass(frozen=True)
class Worker:
    """Leaves `start` no earlier than shift_start and is back at `end` (default: start) by shift_end;
    travel from and to home counts."""

    id: Hashable
    start: Any
    shift_start: int
    shift_end: int
    skills: frozenset[str] = frozenset()
    end: Any = None
    capacity: int | None = None  # None: no load limit

    def __post_init__(self):
        if self.shift_end < self.shift_start:
            raise ValueError(f"worker {self.id}: the shift ends before it starts")

    @property
    def end_place(self):
        return self.start if self.end is None else self.end

    def can_do(self, stop: Stop) -> bool:
        return stop.skills <= self.skills


class Reason(StrEnum):
    """Why a stop is left out. The first four hold for the stop on its own; NO_ROOM means that it
    could be done alone but not together with the rest of the day."""

    NO_SKILLED_WORKER = "no_skilled_worker"
    CREW_TOO_LARGE = "crew_too_large"
    OUTSIDE_SHIFTS = "outside_shifts"
    WINDOW_UNREACHABLE = "window_unreachable"
    OVER_CAPACITY = "over_capacity"
    NO_ROOM = "no_room"


@dataclass(frozen=True)
class Unplaced:
    stop_id: Hashable
    reason: Reason
    detail: str


@dataclass(frozen=True)
class Visit:
    stop_id: Hashable
    arrival: int
    start: int  # arrival, or the window's start when the worker is early (and waits)
    finish: int
    travel_before: int  # minutes from the previous place


@dataclass(frozen=True)
class Route:
    worker_id: Hashable
    depart: int  # leaves home: as late as still reaches the first stop's start
    visits: tuple[Visit, ...]
    back: int  # arrives at the end place
    travel_minutes: int  # including the way home

    @property
    def working_minutes(self) -> int:
        return self.back - self.depart if self.visits else 0


@dataclass(frozen=True)
class Plan:
    routes: tuple[Route, ...]  # one per worker, in the order given, empty ones included
    unplaced: tuple[Unplaced, ...]
    method: str  # "pyvrp", "insertion", "assignment", "nearest_neighbour"
    notes: tuple[str, ...] = field(default=())  # e.g. why the solver was not used

    @property
    def total_travel(self) -> int:
        return sum(route.travel_minutes for route in self.routes)

    @property
    def worker_minutes(self) -> dict[Hashable, int]:
        return {route.worker_id: route.working_minutes for route in self.routes}

    @property
    def worker_hours(self) -> dict[Hashable, float]:
        """From leaving home to getting back, per worker (0 for a worker with no stops)."""
        return {worker_id: minutes / 60 for worker_id, minutes in self.worker_minutes.items()}

    @property
    def placed(self) -> set[Hashable]:
        return {visit.stop_id for route in self.routes for visit in route.visits}

    def route_of(self, worker_id: Hashable) -> Route:
        return next(route for route in self.routes if route.worker_id == worker_id)
