"""Invariants of the pure quote engine, checked with hypothesis over generated catalogs and requests."""
from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from shared_apps.core.errors import ValidationFailed
from tenant_apps.catalog.pricing import (
    AddOnChoice,
    AddOnTerms,
    SurchargeTerms,
    VariantTerms,
    price_quote,
)

from .engine_inputs import NOW, company, request, service

TIME_ZONES = ["Asia/Shanghai", "Europe/Berlin"]
MODELS = ["fixed", "hourly", "per_unit", "per_area", "buyback"]
amounts = st.integers(min_value=0, max_value=500_000)


@st.composite
def variants(draw, models=MODELS):
    model = draw(st.sampled_from(models))
    min_quantity = draw(st.integers(1, 20))
    return VariantTerms(
        id=1, name="V", price_model=model, base_price=draw(amounts),
        unit_price=draw(st.integers(1, 100_000)) if model != "fixed" else 0,
        unit={"hourly": "hour", "per_area": "m2", "fixed": "visit"}.get(model, "item"),
        min_quantity=min_quantity, max_quantity=min_quantity + draw(st.integers(0, 200)),
        minimum_minutes=30 * draw(st.integers(0, 8)), minimum_charge=draw(amounts),
        duration_minutes=draw(st.integers(1, 600)), minutes_per_unit=draw(st.integers(0, 60)),
        crew_size=draw(st.none() | st.integers(1, 5)),
    )


add_on_terms = st.builds(
    AddOnTerms, id=st.integers(1, 5), name=st.just("A"), price=amounts, max_quantity=st.integers(1, 5),
    extra_minutes=st.integers(0, 120), extra_crew=st.integers(0, 2),
)
clock = st.times().map(lambda t: t.replace(microsecond=0, second=0))
surcharge_terms = st.builds(
    SurchargeTerms, id=st.integers(1, 99), name=st.just("S"),
    kind=st.sampled_from(["time_of_day", "weekday", "urgency", "holiday"]),
    percent_bp=st.integers(0, 10_000), amount=amounts, start_time=clock, end_time=clock,
    weekdays=st.frozensets(st.integers(1, 7)), within_hours=st.integers(1, 72),
).filter(lambda s: s.start_time != s.end_time)
starts = st.integers(min_value=2 * 60, max_value=59 * 24 * 60).map(lambda m: NOW + timedelta(minutes=m))


@st.composite
def priceable(draw, models=MODELS):
    """A service with one variant and some add-ons, a company, and a valid request for them."""
    variant = draw(variants(models))
    add_ons = tuple({a.id: a for a in draw(st.lists(add_on_terms, max_size=4))}.values())
    svc = service(variant, add_ons=add_ons, surcharges=tuple(draw(st.lists(surcharge_terms, max_size=4))))
    comp = company(time_zone=draw(st.sampled_from(TIME_ZONES)),
                   holidays=frozenset(draw(st.lists(st.dates(NOW.date(), NOW.date() + timedelta(days=60))))))
    quantity = draw(st.integers(variant.min_quantity, variant.max_quantity)) if variant.price_model in (
        "per_unit", "per_area", "buyback") else None
    duration = 30 * draw(st.integers(1, 48)) if variant.price_model == "hourly" else None
    choices = tuple(AddOnChoice(a.id, draw(st.integers(1, a.max_quantity))) for a in add_ons if draw(st.booleans()))
    req = request(draw(starts), variant_id=1, quantity=quantity, duration_minutes=duration, add_ons=choices)
    return svc, comp, req


@settings(max_examples=300)
@given(priceable())
def test_total_is_the_sum_of_the_lines(case):
    svc, comp, req = case
    priced = price_quote(service=svc, company=comp, request=req, now=NOW)
    assert priced.total == sum(line.amount for line in priced.lines)
    assert all(isinstance(line.amount, int) for line in priced.lines)


@settings(max_examples=300)
@given(priceable(models=["fixed", "hourly", "per_unit", "per_area"]))
def test_total_is_never_negative_unless_the_service_is_a_buyback(case):
    svc, comp, req = case
    priced = price_quote(service=svc, company=comp, request=req, now=NOW)
    assert priced.total >= 0
    assert all(line.amount >= 0 for line in priced.lines)
    assert not priced.is_buyback


@settings(max_examples=200)
@given(priceable(models=["buyback"]))
def test_only_buyback_lines_are_negative(case):
    svc, comp, req = case
    priced = price_quote(service=svc, company=comp, request=req, now=NOW)
    assert [line.kind for line in priced.lines if line.amount < 0] == ["buyback"]


@settings(max_examples=300)
@given(priceable(models=["hourly"]), st.integers(1, 48), st.integers(1, 48))
def test_longer_durations_never_cost_less(case, a, b):
    svc, comp, req = case
    shorter, longer = sorted((30 * a, 30 * b))
    short = price_quote(service=svc, company=comp, request=_with(req, duration_minutes=shorter), now=NOW)
    long = price_quote(service=svc, company=comp, request=_with(req, duration_minutes=longer), now=NOW)
    assert long.total >= short.total
    assert long.duration_minutes >= short.duration_minutes


@settings(max_examples=300)
@given(priceable(models=["per_unit", "per_area"]), st.data())
def test_more_units_never_cost_less(case, data):
    svc, comp, req = case
    variant = svc.variants[0]
    a, b = sorted(data.draw(st.lists(st.integers(variant.min_quantity, variant.max_quantity), min_size=2,
                                     max_size=2)))
    fewer = price_quote(service=svc, company=comp, request=_with(req, quantity=a), now=NOW)
    more = price_quote(service=svc, company=comp, request=_with(req, quantity=b), now=NOW)
    assert more.total >= fewer.total


@settings(max_examples=500)
@given(
    time_zone=st.sampled_from(TIME_ZONES), window=st.tuples(clock, clock).filter(lambda w: w[0] != w[1]),
    start=st.datetimes(datetime(2026, 3, 3), datetime(2026, 4, 28), timezones=st.just(UTC)),
)
def test_time_of_day_surcharge_applies_exactly_in_its_window_in_company_time(time_zone, window, start):
    begin, end = window
    rule = SurchargeTerms(id=9, name="Window", kind="time_of_day", amount=1000, start_time=begin, end_time=end)
    svc = service(min_lead_minutes=0, surcharges=(rule,))
    start = start.replace(second=0, microsecond=0)
    assume(start > NOW)

    priced = price_quote(service=svc, company=company(time_zone=time_zone), request=request(start), now=NOW)

    local = start.astimezone(ZoneInfo(time_zone))
    minute = local.hour * 60 + local.minute
    lo, hi = begin.hour * 60 + begin.minute, end.hour * 60 + end.minute
    expected = lo <= minute < hi if lo < hi else (minute >= lo or minute < hi)
    assert any(line.kind == "surcharge" for line in priced.lines) == expected


@settings(max_examples=300)
@given(
    time_zone=st.sampled_from(TIME_ZONES), days=st.frozensets(st.integers(1, 7), min_size=1),
    start=st.datetimes(datetime(2026, 3, 3), datetime(2026, 4, 28), timezones=st.just(UTC)),
)
def test_weekday_surcharge_uses_the_day_in_company_time(time_zone, days, start):
    rule = SurchargeTerms(id=9, name="Days", kind="weekday", percent_bp=1000, weekdays=days)
    svc = service(min_lead_minutes=0, surcharges=(rule,))

    priced = price_quote(service=svc, company=company(time_zone=time_zone), request=request(start), now=NOW)

    assert (priced.total == 11000) == (start.astimezone(ZoneInfo(time_zone)).isoweekday() in days)


@settings(max_examples=300)
@given(within=st.integers(1, 72), lead_minutes=st.integers(61, 80 * 60))
def test_urgency_surcharge_applies_exactly_below_its_notice(within, lead_minutes):
    rule = SurchargeTerms(id=9, name="Urgent", kind="urgency", amount=5000, within_hours=within)
    svc = service(surcharges=(rule,))

    priced = price_quote(service=svc, company=company(), request=request(NOW + timedelta(minutes=lead_minutes)),
                         now=NOW)

    assert (priced.total == 15000) == (lead_minutes < within * 60)


def test_evening_window_follows_berlin_summer_time():
    """18:30 UTC is 19:30 in Berlin in winter (UTC+1) and 20:30 in summer (UTC+2)."""
    rule = SurchargeTerms(id=9, name="Evening", kind="time_of_day", percent_bp=2000, start_time=time(20),
                          end_time=time(8))
    svc = service(min_lead_minutes=0, surcharges=(rule,))
    berlin = company(time_zone="Europe/Berlin")

    winter = price_quote(service=svc, company=berlin, request=request(datetime(2026, 3, 27, 18, 30, tzinfo=UTC)),
                         now=NOW)
    summer = price_quote(service=svc, company=berlin, request=request(datetime(2026, 3, 30, 18, 30, tzinfo=UTC)),
                         now=NOW)
    shanghai = price_quote(service=svc, company=company(),  # 02:30 the next morning in Shanghai
                           request=request(datetime(2026, 3, 27, 18, 30, tzinfo=UTC)), now=NOW)

    assert winter.total == 10000
    assert summer.total == 12000
    assert shanghai.total == 12000


def test_holiday_is_the_company_date_not_the_utc_date():
    rule = SurchargeTerms(id=9, name="Holiday", kind="holiday", percent_bp=5000)
    svc = service(min_lead_minutes=0, surcharges=(rule,))
    shanghai = company(holidays=frozenset({datetime(2026, 4, 5).date()}))

    # 17:00 UTC on 4 April is 01:00 on 5 April in Shanghai
    priced = price_quote(service=svc, company=shanghai, request=request(datetime(2026, 4, 4, 17, tzinfo=UTC)),
                         now=NOW)

    assert priced.total == 15000


@pytest.mark.parametrize(
    ("start", "field_message"),
    [
        (NOW - timedelta(minutes=1), "Choose a time in the future."),
        (NOW + timedelta(minutes=59), "Book at least 1 hour ahead."),
        (NOW + timedelta(days=60, minutes=1), "Book at most 60 days ahead."),
    ],
)
def test_start_must_be_after_the_lead_time_and_within_the_horizon(start, field_message):
    with pytest.raises(ValidationFailed) as refused:
        price_quote(service=service(), company=company(), request=request(start), now=NOW)
    assert refused.value.fields == {"start": [field_message]}


def test_every_wrong_field_is_reported_at_once():
    svc = service(VariantTerms(id=1, name="Rooms", price_model="per_unit", unit_price=100, max_quantity=5),
                  add_ons=(AddOnTerms(id=7, name="A", price=1, max_quantity=2),))
    bad = request(NOW - timedelta(hours=1), variant_id=1, quantity=9, duration_minutes=90,
                  add_ons=(AddOnChoice(8, 1), AddOnChoice(7, 3)))

    with pytest.raises(ValidationFailed) as refused:
        price_quote(service=svc, company=company(), request=bad, now=NOW)

    assert set(refused.value.fields) == {"start", "quantity", "duration_minutes", "add_ons.0.add_on",
                                         "add_ons.1.quantity"}


def _with(req, **changes):
    from dataclasses import replace

    return replace(req, **changes)
