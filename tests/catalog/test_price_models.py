"""Each price model and each surcharge, priced through make_quote from rows made by the catalog services."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from shared_apps.core.errors import ValidationFailed
from shared_apps.core.geo import GeoPoint
from tenant_apps.catalog import services as catalog
from tenant_apps.catalog.pricing import AddOnChoice, QuoteRequest
from tenant_apps.catalog.quotes import make_quote

from .conftest import local_time, weekday_morning

pytestmark = pytest.mark.django_db

PEOPLES_SQUARE = GeoPoint(31.2304, 121.4737)  # Shanghai


def quote(service, variant=None, **kwargs):
    start = kwargs.pop("start", None) or weekday_morning(service.company)
    request = QuoteRequest(service_id=service.pk, variant_id=(variant or service.v[0]).pk, start=start, **kwargs)
    return make_quote(request=request).quote


def amounts(priced) -> list[tuple[str, int]]:
    return [(line.kind, line.amount) for line in priced.lines]


@pytest.fixture
def svc(alpha, build_service):
    """build_service that remembers the company (for times in its zone)."""

    def build(**kwargs):
        service = build_service(**kwargs)
        service.company = alpha
        return service

    return build


def test_fixed_price_is_the_variant_price_and_duration(svc):
    service = svc(variants=[{"price_model": "fixed", "base_price": 18000, "duration_minutes": 90}])

    priced = quote(service)

    assert amounts(priced) == [("base", 18000)]
    assert priced.total == 18000 and priced.currency == "CNY"
    assert priced.duration_minutes == 90 and priced.crew_size == 1


def test_hourly_charges_the_chosen_hours_plus_the_call_out_fee(svc):
    service = svc(variants=[{"price_model": "hourly", "base_price": 5000, "unit_price": 8000,
                             "minimum_minutes": 120}])

    priced = quote(service, duration_minutes=150)

    assert amounts(priced) == [("base", 5000), ("hours", 20000)]
    assert str(priced.lines[1].quantity) == "2.5"
    assert priced.duration_minutes == 150


def test_hourly_below_the_minimum_is_billed_the_minimum(svc):
    service = svc(variants=[{"price_model": "hourly", "unit_price": 5000, "minimum_minutes": 120}])

    short = quote(service, duration_minutes=60)
    at_minimum = quote(service, duration_minutes=120)

    assert short.total == at_minimum.total == 10000
    assert short.duration_minutes == 60


def test_per_unit_multiplies_the_unit_price_and_adds_time_per_unit(svc):
    service = svc(variants=[{"price_model": "per_unit", "unit": "room", "base_price": 2000, "unit_price": 6000,
                             "duration_minutes": 30, "minutes_per_unit": 40, "max_quantity": 10}])

    priced = quote(service, quantity=3)

    assert amounts(priced) == [("base", 2000), ("units", 18000)]
    assert priced.duration_minutes == 30 + 3 * 40


def test_per_area_with_a_minimum_charge_tops_small_areas_up(svc):
    service = svc(variants=[{"price_model": "per_area", "unit_price": 800, "min_quantity": 10, "max_quantity": 500,
                             "minimum_charge": 30000, "duration_minutes": 60, "minutes_per_unit": 2}])

    small = quote(service, quantity=20)
    large = quote(service, quantity=100)

    assert amounts(small) == [("area", 16000), ("minimum_charge", 14000)]
    assert small.total == 30000
    assert amounts(large) == [("area", 80000)]
    assert small.lines[0].unit == "m2"


def test_add_ons_change_price_duration_and_crew(svc):
    service = svc(
        variants=[{"price_model": "fixed", "base_price": 10000, "duration_minutes": 60}],
        add_ons=[{"price": 3000, "max_quantity": 5, "extra_minutes": 15},
                 {"price": 15000, "max_quantity": 2, "extra_crew": 1, "kind": "extra_hands"}],
    )

    priced = quote(service, add_ons=(AddOnChoice(service.a[0].pk, 2), AddOnChoice(service.a[1].pk, 1)))

    assert amounts(priced) == [("base", 10000), ("add_on", 6000), ("add_on", 15000)]
    assert priced.duration_minutes == 60 + 30
    assert priced.crew_size == 2


def test_buyback_pays_the_customer_with_a_negative_line(svc):
    service = svc(variants=[{"price_model": "buyback", "unit": "kg", "base_price": 1000, "unit_price": 150,
                             "min_quantity": 5, "max_quantity": 500}])

    priced = quote(service, quantity=40)

    assert amounts(priced) == [("base", 1000), ("buyback", -6000)]
    assert priced.total == -5000 and priced.is_buyback


def test_evening_surcharge_applies_inside_its_window_only(svc, people):
    service = svc(variants=[{"price_model": "fixed", "base_price": 10000}])
    catalog.create_surcharge(actor=people.owner_a, values={
        "name": {"en": "Evening"}, "kind": "time_of_day", "percent": 20, "start_time": "19:00", "end_time": "08:00"})

    inside = quote(service, start=local_time(service.company, 3, 19, 0, weekday=3))
    early = quote(service, start=local_time(service.company, 3, 7, 30, weekday=3))
    outside = quote(service, start=local_time(service.company, 3, 18, 30, weekday=3))
    at_end = quote(service, start=local_time(service.company, 3, 8, 0, weekday=3))

    assert amounts(inside) == [("base", 10000), ("surcharge", 2000)]
    assert early.total == 12000
    assert outside.total == at_end.total == 10000


def test_weekend_surcharge_applies_on_the_chosen_days(svc, people):
    service = svc(variants=[{"price_model": "fixed", "base_price": 10000}])
    catalog.create_surcharge(actor=people.owner_a, values={
        "name": {"en": "Weekend"}, "kind": "weekday", "percent": 10, "weekdays": [6, 7]})

    saturday = quote(service, start=local_time(service.company, 3, 10, weekday=6))
    sunday = quote(service, start=local_time(service.company, 3, 10, weekday=7))
    friday = quote(service, start=local_time(service.company, 3, 10, weekday=5))

    assert saturday.total == sunday.total == 11000
    assert friday.total == 10000


def test_holiday_surcharge_follows_the_company_calendar(svc, people):
    service = svc(variants=[{"price_model": "fixed", "base_price": 10000}])
    catalog.create_surcharge(actor=people.owner_a, values={
        "name": {"en": "Holiday"}, "kind": "holiday", "percent": 50})
    holiday = local_time(service.company, 5, 10)
    catalog.create_holiday(actor=people.owner_a, values={"date": holiday.date(), "name": {"en": "Festival"}})

    on_holiday = quote(service, start=holiday)
    day_after = quote(service, start=holiday + timedelta(days=1))

    assert on_holiday.total == 15000
    assert day_after.total == 10000


def test_urgency_surcharge_applies_when_booked_at_short_notice(svc, people):
    service = svc(variants=[{"price_model": "fixed", "base_price": 10000}], min_lead_minutes=60)
    catalog.create_surcharge(actor=people.owner_a, values={
        "name": {"en": "Urgent"}, "kind": "urgency", "amount": 5000, "within_hours": 4})
    now = timezone.now()

    urgent = quote(service, start=now + timedelta(hours=2))
    planned = quote(service, start=now + timedelta(hours=5))

    assert amounts(urgent) == [("base", 10000), ("surcharge", 5000)]
    assert planned.total == 10000


def test_distance_surcharge_charges_each_started_km_beyond_the_threshold(svc, people):
    service = svc(variants=[{"price_model": "fixed", "base_price": 10000}])
    catalog.update_catalog_settings(actor=people.owner_a, changes={
        "base_latitude": PEOPLES_SQUARE.latitude, "base_longitude": PEOPLES_SQUARE.longitude})
    catalog.create_surcharge(actor=people.owner_a, values={
        "name": {"en": "Distance"}, "kind": "distance", "amount_per_km": 300, "beyond_km": 5})
    # one degree of latitude is about 111.2 km: 0.1 degree north is about 11.1 km away
    far = GeoPoint(PEOPLES_SQUARE.latitude + 0.1, PEOPLES_SQUARE.longitude)
    near = GeoPoint(PEOPLES_SQUARE.latitude + 0.01, PEOPLES_SQUARE.longitude)

    far_quote = quote(service, location=far)
    near_quote = quote(service, location=near)

    assert amounts(far_quote) == [("base", 10000), ("surcharge", 7 * 300)]  # 6.1 km beyond: 7 started km
    assert near_quote.total == 10000
    with pytest.raises(ValidationFailed) as refused:
        quote(service)  # without an address the distance cannot be priced
    assert "address" in refused.value.fields


def test_zone_surcharge_applies_and_the_cheapest_zone_containing_the_address_wins(svc, people):
    service = svc(variants=[{"price_model": "fixed", "base_price": 10000}])
    catalog.update_catalog_settings(actor=people.owner_a, changes={
        "base_latitude": PEOPLES_SQUARE.latitude, "base_longitude": PEOPLES_SQUARE.longitude})
    catalog.create_zone(actor=people.owner_a, values={"name": {"en": "Outer"}, "kind": "radius", "radius_km": 30,
                                                      "surcharge": 2000})
    catalog.create_zone(actor=people.owner_a, values={"name": {"en": "Centre"}, "kind": "radius", "radius_km": 5})

    centre = quote(service, location=GeoPoint(PEOPLES_SQUARE.latitude + 0.01, PEOPLES_SQUARE.longitude))
    outer = quote(service, location=GeoPoint(PEOPLES_SQUARE.latitude + 0.1, PEOPLES_SQUARE.longitude))

    assert centre.total == 10000
    assert amounts(outer) == [("base", 10000), ("zone", 2000)]
    with pytest.raises(ValidationFailed) as refused:
        quote(service, location=GeoPoint(PEOPLES_SQUARE.latitude + 1, PEOPLES_SQUARE.longitude))
    assert refused.value.fields["address"] == ["This address is outside the area we serve."]


def test_polygon_zone_contains_the_points_inside_it(svc, people):
    service = svc(variants=[{"price_model": "fixed", "base_price": 10000}])
    catalog.create_zone(actor=people.owner_a, values={
        "name": {"en": "Pudong"}, "kind": "polygon", "surcharge": 1500,
        "polygon": [[31.25, 121.50], [31.25, 121.65], [31.15, 121.65], [31.15, 121.50]]})

    inside = quote(service, location=GeoPoint(31.20, 121.55))

    assert inside.total == 11500
    with pytest.raises(ValidationFailed):
        quote(service, location=GeoPoint(31.20, 121.45))


def test_a_service_surcharge_does_not_apply_to_other_services(svc, people):
    with_rule = svc(variants=[{"price_model": "fixed", "base_price": 10000}])
    without = svc(variants=[{"price_model": "fixed", "base_price": 10000}])
    catalog.create_surcharge(actor=people.owner_a, values={
        "service": with_rule, "name": {"en": "Weekday"}, "kind": "weekday", "amount": 1000,
        "weekdays": [1, 2, 3, 4, 5, 6, 7]})

    assert quote(with_rule).total == 11000
    assert quote(without).total == 10000


def test_percent_surcharges_apply_to_charges_never_to_buyback_payouts(svc, people):
    service = svc(variants=[{"price_model": "buyback", "unit": "item", "base_price": 2000, "unit_price": 5000}])
    catalog.create_surcharge(actor=people.owner_a, values={
        "name": {"en": "Every day"}, "kind": "weekday", "percent": 50, "weekdays": [1, 2, 3, 4, 5, 6, 7]})

    priced = quote(service, quantity=2)

    assert amounts(priced) == [("base", 2000), ("buyback", -10000), ("surcharge", 1000)]  # 50 % of the pickup fee


def test_surcharges_stack_each_on_the_service_lines(svc, people):
    service = svc(variants=[{"price_model": "fixed", "base_price": 10000}])
    catalog.create_surcharge(actor=people.owner_a, values={
        "name": {"en": "Weekend"}, "kind": "weekday", "percent": 10, "weekdays": [6, 7]})
    catalog.create_surcharge(actor=people.owner_a, values={
        "name": {"en": "Evening"}, "kind": "time_of_day", "percent": 20, "start_time": "19:00", "end_time": "23:00"})

    priced = quote(service, start=local_time(service.company, 3, 20, weekday=6))

    assert amounts(priced) == [("base", 10000), ("surcharge", 1000), ("surcharge", 2000)]


def test_an_inactive_variant_or_add_on_cannot_be_quoted(svc, people):
    service = svc(variants=[{"price_model": "fixed", "base_price": 10000}, {"price_model": "fixed", "base_price": 1}],
                  add_ons=[{"price": 100}])
    catalog.update_variant(actor=people.owner_a, variant=service.v[1], changes={"is_active": False})
    catalog.update_add_on(actor=people.owner_a, add_on=service.a[0], changes={"is_active": False})

    with pytest.raises(ValidationFailed) as refused:
        quote(service, variant=service.v[1], add_ons=(AddOnChoice(service.a[0].pk, 1),))

    assert set(refused.value.fields) == {"variant", "add_ons.0.add_on"}


def test_price_changes_are_recorded_with_their_actor(svc, people):
    from shared_apps.changes.models import Change

    service = svc(variants=[{"price_model": "fixed", "base_price": 10000}])
    catalog.update_variant(actor=people.owner_a, variant=service.v[0], changes={"base_price": 12000})

    change = Change.objects.filter(action="variant.changed", target_id=service.v[0].pk).get()
    assert change.actor_id == people.owner_a.pk
    assert change.data == {"base_price": 12000}
