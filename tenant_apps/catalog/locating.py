"""Where an address is: the geocoder's point, else its district's centre (approximate), else nowhere;
and the company's places as the people app's address book needs them (`CompanyPlaces`)."""
from __future__ import annotations

from dataclasses import dataclass

from shared_apps.core.geo import GeoPoint, distance_m
from shared_apps.geocoding import geocoder

from .models import Zone
from .selectors import company_base, get_service_zone, service_zones, zone_centre
from .translations import pick


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


class CompanyPlaces:
    """The company's service zones and geocoding, for `people.services.add_address` (people sits
    below catalog, so it is handed these instead of importing them)."""

    def has_zones(self) -> bool:
        return service_zones().exists()

    def zone(self, zone_id) -> tuple[Zone | None, str]:
        zone = get_service_zone(zone_id) if zone_id is not None else None
        return zone, (pick(zone.name)[:100] if zone is not None else "")

    def locate(self, *, line: str, zone) -> Located:
        return locate_address(line=line, zone=zone)


def zone_choices() -> list[tuple[int, str]]:
    """(id, name in the reader's language) of the zones a customer picks their district from."""
    return [(z.pk, pick(z.name)) for z in service_zones()]
