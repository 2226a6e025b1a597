"""Where an address is: the geocoder's point, else its district's centre (approximate), else nowhere."""
from __future__ import annotations

from dataclasses import dataclass

from shared_apps.geocoding import geocoder
from tenant_apps.catalog.geo import GeoPoint, distance_m
from tenant_apps.catalog.models import Zone
from tenant_apps.catalog.selectors import company_base, zone_centre


@dataclass(frozen=True)
class Located:
    latitude: float | None
    longitude: float | None
    is_approximate: bool


def locate_address(*, line: str, zone: Zone | None = None) -> Located:
    """The point of an address: the geocoder's (kept only if it falls in the chosen zone's reach), else
    the zone's centre, else the company's base, marked approximate; or no point at all."""
    centre = zone_centre(zone) if zone is not None else company_base()
    found = geocoder().geocode(line)
    if found is not None:
        point = GeoPoint(found.latitude, found.longitude)
        far = centre is not None and zone is not None and zone.radius_km is not None and (
            distance_m(point, centre) > float(zone.radius_km) * 1000 * 2)
        if not far:
            return Located(found.latitude, found.longitude, is_approximate=False)
    if centre is not None:
        return Located(centre.latitude, centre.longitude, is_approximate=True)
    return Located(None, None, is_approximate=True)
