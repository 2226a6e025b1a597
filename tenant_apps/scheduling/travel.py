"""Travel time between addresses, behind one interface, so that a routing service can replace the
straight-line estimate. The availability engine and the dispatch planner both take a provider (DESIGN
§5). Pure: no Django, no database; a provider that calls a map service does its own I/O."""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple, Protocol

from shared_apps.core.geo import EARTH_RADIUS_M


class Point(Protocol):
    """Anything with a latitude and a longitude: core.geo.GeoPoint, or a Place."""

    @property
    def latitude(self) -> float: ...

    @property
    def longitude(self) -> float: ...


class Place(NamedTuple):
    """A light point for the thousands of addresses of a month's assignments (a tuple of floats,
    which the garbage collector stops tracking; a GeoPoint is two tracked objects)."""

    latitude: float
    longitude: float


class TravelTimeProvider(Protocol):
    def durations(self, origins: Sequence[Point], destinations: Sequence[Point]) -> list[list[int]]:
        """Seconds from each origin to each destination: a matrix, one row per origin. Callers batch
        their points into one call, so that a routing service is asked once per search."""
        ...


@dataclass(frozen=True)
class StraightLineTravel:
    """Great-circle distance times the company's minutes per km (3 min/km is 20 km/h, a city by car
    or e-bike), rounded up to the second; the same place is 0. The same both ways (`symmetric`, which
    lets the engine ask once); a routing provider would not be."""

    minutes_per_km: float
    symmetric: bool = True

    def durations(self, origins: Sequence[Point], destinations: Sequence[Point]) -> list[list[int]]:
        seconds_per_m = self.minutes_per_km * 60 / 1000
        # distance_m() inlined, with each point's trigonometry done once: a month's search asks for
        # thousands of pairs.
        ends = [(math.radians(d.latitude), math.cos(math.radians(d.latitude)), math.radians(d.longitude))
                for d in destinations]
        rows = []
        for origin in origins:
            lat1 = math.radians(origin.latitude)
            cos1, lng1 = math.cos(lat1), math.radians(origin.longitude)
            row = []
            for lat2, cos2, lng2 in ends:
                h = math.sin((lat2 - lat1) / 2) ** 2 + cos1 * cos2 * math.sin((lng2 - lng1) / 2) ** 2
                row.append(math.ceil(2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h))) * seconds_per_m))
            rows.append(row)
        return rows
