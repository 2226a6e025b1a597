"""Street address -> coordinates, behind one interface (DESIGN §5: outside services sit behind an
interface). `geocoder()` returns the configured adapter: AMap when `GEOCODING_AMAP_KEY` is set, else
one that knows nothing, so development and tests never leave the machine. Callers fall back to an
approximate point of their own (a service zone's centre) when the answer is None."""
from __future__ import annotations

import json
import logging
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings

logger = logging.getLogger("doorstep.geocoding")


@dataclass(frozen=True)
class Geocoded:
    latitude: float
    longitude: float
    provider: str


class Geocoder(Protocol):
    def geocode(self, address: str, *, city: str = "") -> Geocoded | None:
        """The point of `address`, or None when the provider does not know it or cannot be reached."""


class NoGeocoder:
    """No provider configured: nobody knows any address (the caller falls back)."""

    def geocode(self, address: str, *, city: str = "") -> Geocoded | None:
        return None


class AmapGeocoder:
    """AMap's (Gaode) web-service geocoder: GET /v3/geocode/geo?key=&address=&city=, answering
    {"status": "1", "geocodes": [{"location": "<lng>,<lat>"}]}. Any failure is None, logged."""

    def __init__(self, *, key: str, base_url: str = "https://restapi.amap.com", timeout: float = 3.0) -> None:
        self.key, self.base_url, self.timeout = key, base_url.rstrip("/"), timeout

    def geocode(self, address: str, *, city: str = "") -> Geocoded | None:
        query = {"key": self.key, "address": address, "output": "JSON"}
        if city:
            query["city"] = city
        url = f"{self.base_url}/v3/geocode/geo?{urllib.parse.urlencode(query)}"
        try:
            with urllib.request.urlopen(url, timeout=self.timeout) as response:  # noqa: S310 (https URL from settings)
                body = json.loads(response.read().decode("utf-8"))
            if str(body.get("status")) != "1" or not body.get("geocodes"):
                return None
            longitude, latitude = (float(x) for x in body["geocodes"][0]["location"].split(","))
        except Exception:  # network, JSON, shape: the caller falls back to an approximate point
            logger.warning("AMap geocoding failed", exc_info=True)
            return None
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            return None
        return Geocoded(latitude=latitude, longitude=longitude, provider="amap")


def geocoder() -> Geocoder:
    key = getattr(settings, "GEOCODING_AMAP_KEY", "")
    if key:
        return AmapGeocoder(key=key, base_url=getattr(settings, "GEOCODING_AMAP_URL", "https://restapi.amap.com"),
                            timeout=getattr(settings, "GEOCODING_TIMEOUT_SECONDS", 3.0))
    return NoGeocoder()
