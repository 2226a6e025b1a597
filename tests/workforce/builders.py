"""Building workers, services and times for workforce and scheduling tests, with the real services."""
from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.utils import timezone

from shared_apps.core.geo import GeoPoint
from tenant_apps.catalog import services as catalog
from tenant_apps.workforce.services import invite_worker, set_week_template

SHANGHAI = GeoPoint(31.2304, 121.4737)  # People's Square
NINE_TO_SIX = tuple((day, time(9), time(18)) for day in range(1, 8))
_PHONES = itertools.count(1)


def next_phone() -> str:
    """A valid mainland mobile number no test world person has."""
    return f"+86131{next(_PHONES) + 10_000_000:08d}"[:14]


def enter(company) -> None:
    """Run the rest of the test in `company`'s schema, as a request on its host would."""
    connection.set_tenant(company)


def make_service(owner, *, skills=("cleaning",), duration=120, crew=1, lead=60, variants=None, add_ons=(),
                 name="Test cleaning"):
    """A service with one fixed-price variant (or `variants`); `.v` and `.a` list variants and add-ons."""
    category = catalog.create_category(actor=owner, values={"name": {"en": "Scheduling tests"}})
    service = catalog.create_service(actor=owner, values={
        "name": {"en": name}, "category": category, "default_duration_minutes": duration,
        "required_skills": list(skills), "crew_size": crew, "min_lead_minutes": lead,
    })
    service.v = [catalog.create_variant(actor=owner, service=service, values={"name": {"en": f"V{i}"}, **values})
                 for i, values in enumerate(variants or [{"price_model": "fixed", "base_price": 10000}])]
    service.a = [catalog.create_add_on(actor=owner, service=service, values={"name": {"en": f"A{i}"}, **values})
                 for i, values in enumerate(add_ons)]
    return service


def make_worker(owner, company, *, skills=("cleaning",), week=NINE_TO_SIX, name="Test Worker", phone=None,
                **profile):
    worker = invite_worker(actor=owner, company=company, phone=phone or next_phone(), display_name=name,
                           profile={"skills": list(skills), **profile})
    set_week_template(actor=owner, worker=worker, shifts=week)
    return worker


def company_day(company, days_ahead: int = 3, *, weekday: int | None = None) -> date:
    """A date `days_ahead` days from today in the company's time zone (moved on to ISO `weekday`)."""
    day = timezone.now().astimezone(ZoneInfo(company.time_zone)).date() + timedelta(days=days_ahead)
    if weekday is not None:
        day += timedelta(days=(weekday - day.isoweekday()) % 7)
    return day


def at(company, day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo(company.time_zone))


def local_times(day_data: dict) -> list[str]:
    """["09:00", "09:30", ...] of one day of the slots API's answer."""
    return [slot["start"][11:16] for slot in day_data["slots"]]
