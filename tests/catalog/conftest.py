"""Catalog test set-up: enter a company's schema, build a service with the real services, pick
times that are clear of (or inside) surcharge windows."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from tenant_apps.catalog import services as catalog
from tenant_apps.catalog.models import Surcharge


@pytest.fixture
def in_company(people):
    """in_company(company): the rest of the test runs in that company's schema, as a request would."""

    def enter(company):
        connection.set_tenant(company)
        return company

    return enter


@pytest.fixture
def alpha(in_company, company_a, people):
    """Company A's schema, with its starter surcharges switched off so prices are only what a test adds."""
    in_company(company_a)
    for surcharge in Surcharge.objects.all():
        catalog.update_surcharge(actor=people.owner_a, surcharge=surcharge, changes={"is_active": False})
    return company_a


def local_time(company, days_ahead: int, hour: int, minute: int = 0, weekday: int | None = None) -> datetime:
    """A time `days_ahead` days from now (moved forward to ISO `weekday` if given), at hour:minute in
    the company's time zone."""
    tz = ZoneInfo(company.time_zone)
    day = timezone.now().astimezone(tz).date() + timedelta(days=days_ahead)
    if weekday is not None:
        day += timedelta(days=(weekday - day.isoweekday()) % 7)
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)


def weekday_morning(company) -> datetime:
    """A Wednesday at 10:00 at least 3 days ahead: clear of evening, weekend and urgency rules."""
    return local_time(company, 3, 10, weekday=3)


@pytest.fixture
def build_service(people):
    """build_service(variants=[...], add_ons=[...], **service fields) in the current schema, made with
    the catalog services; returns the service with `.v` (variants) and `.a` (add-ons) lists."""

    def build(*, variants, add_ons=(), policy=None, category=None, **fields):
        actor = people.owner_a if connection.schema_name == people.company_a.schema_name else people.owner_b
        category = category or catalog.create_category(actor=actor, values={"name": {"en": "Test category"}})
        values = {"name": {"en": "Test service", "zh-hans": "测试服务"}, "category": category,
                  "default_duration_minutes": 60, "min_lead_minutes": 60, **fields}
        service = catalog.create_service(actor=actor, values=values)
        service.v = [catalog.create_variant(actor=actor, service=service, values={"name": {"en": f"V{i}"}, **v})
                     for i, v in enumerate(variants)]
        service.a = [catalog.create_add_on(actor=actor, service=service, values={"name": {"en": f"A{i}"}, **a})
                     for i, a in enumerate(add_ons)]
        if policy is not None:
            catalog.set_cancellation_policy(actor=actor, service=service, tiers=policy)
        return service

    return build
