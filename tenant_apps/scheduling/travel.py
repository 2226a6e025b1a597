"""Travel time between addresses, behind one interface, so that a routing service can replace the
straight-line estimate. The availability engine and the dispatch planner both take a provider (DESIGN
§5). Pure: no Django, no database; a provider that calls a map service does its own I/O."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from tenant_apps.catalog.geo import GeoPoint, distance_m


class TravelTimeProvider(Protocol):
    def durations(self, origins: Sequence[GeoPoint], destinations: Sequence[GeoPoint]) -> list[list[int]]:
        """Seconds from each origin to each destination: a matrix, one row per origin. Callers batch
        their points into one call, so that a routing service is asked once per search."""
        ...


@dataclass(frozen=True)
class StraightLineTravel:
    """Great-circle distance times the company's minutes per km (3 min/km is 20 km/h, a city by car
    or e-bike), rounded up to the second; the same place is 0."""

    minutes_per_km: float

    def durations(self, origins: Sequence[GeoPoint], destinations: Sequence[GeoPoint]) -> list[list[int]]:
        seconds_per_m = self.minutes_per_km * 60 / 1000
        return [[math.ceil(distance_m(origin, destination) * seconds_per_m) for destination in destinations]
                for origin in origins]
