"""Plane and sphere geometry for service zones and distance surcharges (pure, no Django)."""
from __future__ import annotations

import math
from dataclasses import dataclass

EARTH_RADIUS_M = 6_371_008.8


@dataclass(frozen=True)
class GeoPoint:
    latitude: float
    longitude: float


def distance_m(a: GeoPoint, b: GeoPoint) -> float:
    """Great-circle (haversine) distance in metres."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlng = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlng / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def in_polygon(point: GeoPoint, polygon: tuple[GeoPoint, ...]) -> bool:
    """Ray casting on (longitude, latitude): fine at city scale, where the plane is a good map."""
    inside = False
    x, y = point.longitude, point.latitude
    count = len(polygon)
    for i in range(count):
        a, b = polygon[i], polygon[(i + 1) % count]
        if (a.latitude > y) != (b.latitude > y):
            cross_x = a.longitude + (y - a.latitude) * (b.longitude - a.longitude) / (b.latitude - a.latitude)
            if x < cross_x:
                inside = not inside
    return inside
