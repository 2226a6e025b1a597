"""Travel times for the planner, behind one interface (TravelTimes): a square matrix of whole minutes
between the places of one planning run, asked for once per run so that a map service's distance
matrix API answers in one call.

- StraightLine: great-circle distance x minutes per km (the company's speed factor, as the
  availability engine's StraightLineTravel), for anything with a latitude and a longitude.
- FromProvider: any object with `durations(origins, destinations) -> seconds` (scheduling's
  TravelTimeProvider, or an adapter over a map service), rounded up to minutes.
- FromFunction: a function of two places -> minutes (tests, planar benchmark instances).
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from shared_apps.core.geo import GeoPoint, distance_m


class TravelTimes(Protocol):
    def minutes(self, places: Sequence[Any]) -> list[list[int]]:
        """Minutes from each place to each place (one row per origin), 0 on the diagonal."""
        ...


@dataclass(frozen=True)
class StraightLine:
    minutes_per_km: float = 3.0

    def minutes(self, places: Sequence[Any]) -> list[list[int]]:
        points = [GeoPoint(p.latitude, p.longitude) for p in places]
        per_m = self.minutes_per_km / 1000
        return [[0 if a == b else math.ceil(distance_m(a, b) * per_m) for b in points] for a in points]


@dataclass(frozen=True)
class FromProvider:
    provider: Any  # durations(origins, destinations) -> list[list[seconds]]

    def minutes(self, places: Sequence[Any]) -> list[list[int]]:
        seconds = self.provider.durations(list(places), list(places))
        return [[math.ceil(s / 60) for s in row] for row in seconds]


@dataclass(frozen=True)
class FromFunction:
    function: Callable[[Any, Any], int]

    def minutes(self, places: Sequence[Any]) -> list[list[int]]:
        return [[0 if i == j else self.function(a, b) for j, b in enumerate(places)] for i, a in enumerate(places)]
