"""POST /api/v1/quotes/ and /api/v1/quotes/check/: instant quotes for anyone, field errors for bad input."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from tenant_apps.catalog import services as catalog
from tenant_apps.catalog.models import Service

from .conftest import local_time

pytestmark = pytest.mark.django_db


@pytest.fixture
def home_cleaning(in_company, company_a):
    """Company A's starter "Home cleaning" service with its variants and add-ons by English name."""
    in_company(company_a)
    service = Service.objects.get(name__en="Home cleaning")
    service.variant = {v.name["en"]: v.pk for v in service.variants.all()}
    service.add_on = {a.name["en"]: a.pk for a in service.add_ons.all()}
    service.start = local_time(company_a, 3, 10, weekday=3)  # a Wednesday morning: no starter surcharge
    connection.set_schema_to_public()
    return service


@pytest.fixture
def site_a(client_for, company_a):
    return client_for(company_a)


def payload(svc, /, **overrides):
    body = {"service": svc.pk, "variant": svc.variant["Deep cleaning"], "quantity": 80,
            "start": svc.start.isoformat()}
    body.update(overrides)
    return body


def test_anyone_gets_an_itemised_signed_quote(site_a, home_cleaning):
    response = site_a.post("/api/v1/quotes/", payload(
        home_cleaning, add_ons=[{"add_on": home_cleaning.add_on["Cleaner brings tools"], "quantity": 1}],
    ), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert [(line["kind"], line["amount"]) for line in body["lines"]] == [("area", 64000), ("add_on", 3000)]
    assert body["lines"][0]["quantity"] == "80" and body["lines"][0]["unit"] == "m2"
    assert body["total"] == 67000 and body["currency"] == "CNY"
    assert body["duration_minutes"] == 120 + 80 * 2 and body["crew_size"] == 2
    assert body["start"] == home_cleaning.start.isoformat()
    assert body["expires_at"] and body["token"]
    assert [w["fee"] for w in body["cancellation_policy"]] == [0, 13400, 33500, 3000]


def test_weekend_evenings_carry_the_starter_surcharges(site_a, home_cleaning, company_a):
    saturday_evening = local_time(company_a, 3, 20, weekday=6)

    body = site_a.post("/api/v1/quotes/", payload(home_cleaning, start=saturday_evening.isoformat()),
                       format="json").json()

    assert [(line["label"], line["amount"]) for line in body["lines"]] == [
        ("Deep cleaning", 64000), ("Evening", 12800), ("Weekend", 6400)]
    assert body["total"] == 83200


def test_labels_come_in_the_visitors_language(site_a, home_cleaning):
    body = site_a.post("/api/v1/quotes/", payload(home_cleaning), format="json", HTTP_ACCEPT_LANGUAGE="zh-hans").json()

    assert body["lines"][0]["label"] == "深度保洁"


def test_a_start_without_an_offset_is_read_in_the_company_time_zone(site_a, home_cleaning):
    naive = home_cleaning.start.replace(tzinfo=None).isoformat()

    body = site_a.post("/api/v1/quotes/", payload(home_cleaning, start=naive), format="json").json()

    assert body["start"] == home_cleaning.start.isoformat()  # +08:00


def test_hourly_variant_takes_a_duration(site_a, home_cleaning):
    body = site_a.post("/api/v1/quotes/", payload(
        home_cleaning, variant=home_cleaning.variant["Daily cleaning"], quantity=None, duration_minutes=210,
    ), format="json").json()

    assert body["total"] == 17500 and body["duration_minutes"] == 210


def test_a_signed_in_customers_quote_is_checked_for_that_customer(client_for, company_a, people, home_cleaning):
    customer = client_for(company_a, people.customer_a)
    token = customer.post("/api/v1/quotes/", payload(home_cleaning), format="json").json()["token"]

    mine = customer.post("/api/v1/quotes/check/", {"token": token}, format="json")
    someone_else = client_for(company_a, people.worker_a).post("/api/v1/quotes/check/", {"token": token},
                                                               format="json")

    assert mine.status_code == 200 and mine.json()["total"] == 64000
    assert someone_else.status_code == 400 and someone_else.json()["code"] == "quote_invalid"


def test_check_answers_409_with_the_new_quote_after_a_price_change(site_a, home_cleaning, in_company, company_a,
                                                                   people):
    token = site_a.post("/api/v1/quotes/", payload(home_cleaning), format="json").json()["token"]
    in_company(company_a)
    variant = home_cleaning.variants.get(pk=home_cleaning.variant["Deep cleaning"])
    catalog.update_variant(actor=people.owner_a, variant=variant, changes={"unit_price": 900})
    connection.set_schema_to_public()

    response = site_a.post("/api/v1/quotes/check/", {"token": token}, format="json")

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "quote_changed"
    assert body["quote"]["total"] == 72000 and body["quote"]["token"] != token


def test_check_refuses_a_tampered_or_foreign_token(site_a, client_for, company_b, home_cleaning):
    token = site_a.post("/api/v1/quotes/", payload(home_cleaning), format="json").json()["token"]
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")

    assert site_a.post("/api/v1/quotes/check/", {"token": tampered}, format="json").json()["code"] == "quote_invalid"
    at_b = client_for(company_b).post("/api/v1/quotes/check/", {"token": token}, format="json")
    assert at_b.status_code == 400 and at_b.json()["code"] == "quote_invalid"


def test_check_refuses_an_expired_quote(site_a, home_cleaning, in_company, company_a, people, monkeypatch):
    token = site_a.post("/api/v1/quotes/", payload(home_cleaning), format="json").json()["token"]
    later = timezone.now() + timedelta(minutes=16)
    monkeypatch.setattr("tenant_apps.catalog.quotes.timezone.now", lambda: later)

    response = site_a.post("/api/v1/quotes/check/", {"token": token}, format="json")

    assert response.status_code == 400
    assert response.json() == {"code": "quote_expired", "message": "This quote has expired; please get a new one.",
                               "fields": {"token": ["This quote has expired."]}}


# ---- bad input: a field-level 4xx, never a 500 ---------------------------------------------------

@pytest.fixture
def other_add_on(in_company, company_a, people) -> int:
    """An add-on of another service of the same company."""
    in_company(company_a)
    nanny = Service.objects.get(name__en="Nanny")
    add_on = catalog.create_add_on(actor=people.owner_a, service=nanny, values={"name": {"en": "Toys"}, "price": 100})
    connection.set_schema_to_public()
    return add_on.pk


BAD_INPUTS = {
    "negative quantity": (lambda s, c: {"quantity": -3}, "quantity"),
    "zero quantity": (lambda s, c: {"quantity": 0}, "quantity"),
    "quantity above the variant's maximum": (lambda s, c: {"quantity": 501}, "quantity"),
    "quantity as text": (lambda s, c: {"quantity": "lots"}, "quantity"),
    "missing quantity": (lambda s, c: {"quantity": None}, "quantity"),
    "negative add-on quantity": (lambda s, c: {"add_ons": [{"add_on": s.add_on["Extra cleaner"], "quantity": -1}]},
                                 "add_ons.0.quantity"),
    "add-on quantity above its maximum": (
        lambda s, c: {"add_ons": [{"add_on": s.add_on["Extra cleaner"], "quantity": 4}]}, "add_ons.0.quantity"),
    "add-on of another service": (lambda s, other: {"add_ons": [{"add_on": other}]},
                                  "add_ons.0.add_on"),
    "the same add-on twice": (lambda s, c: {"add_ons": [{"add_on": s.add_on["Extra cleaner"]},
                                                        {"add_on": s.add_on["Extra cleaner"]}]}, "add_ons.1.add_on"),
    "add-ons not a list": (lambda s, c: {"add_ons": "tools"}, "add_ons"),
    "unknown variant": (lambda s, c: {"variant": 999_999}, "variant"),
    "variant as text": (lambda s, c: {"variant": "deep"}, "variant"),
    "unknown service": (lambda s, c: {"service": 999_999}, "service"),
    "service id too large": (lambda s, c: {"service": 2**70}, "service"),
    "service as a list": (lambda s, c: {"service": [1]}, "service"),
    "start in the past": (lambda s, c: {"start": (timezone.now() - timedelta(hours=1)).isoformat()}, "start"),
    "start inside the lead time": (lambda s, c: {"start": (timezone.now() + timedelta(minutes=30)).isoformat()},
                                   "start"),
    "start beyond the booking horizon": (
        lambda s, c: {"start": (timezone.now() + timedelta(days=61)).isoformat()}, "start"),
    "start not a date": (lambda s, c: {"start": "tomorrow morning"}, "start"),
    "start missing": (lambda s, c: {"start": None}, "start"),
    "duration on a variant priced by area": (lambda s, c: {"duration_minutes": 90}, "duration_minutes"),
    "negative duration": (lambda s, c: {"duration_minutes": -30}, "duration_minutes"),
    "latitude out of range": (lambda s, c: {"address": {"latitude": 91, "longitude": 121}}, "address.latitude"),
    "address not an object": (lambda s, c: {"address": "People's Square"}, "address"),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_gets_a_field_error(site_a, home_cleaning, other_add_on, case):
    make_changes, field = BAD_INPUTS[case]

    response = site_a.post("/api/v1/quotes/", payload(home_cleaning, **make_changes(home_cleaning, other_add_on)),
                           format="json")

    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid"
    assert field in body["fields"], body


def test_hourly_duration_must_be_whole_half_hours(site_a, home_cleaning):
    response = site_a.post("/api/v1/quotes/", payload(
        home_cleaning, variant=home_cleaning.variant["Daily cleaning"], quantity=None, duration_minutes=100,
    ), format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == {"duration_minutes": ["Choose whole half hours, from 30 minutes to 24 hours."]}


def test_an_address_outside_every_zone_is_refused(site_a, home_cleaning, in_company, company_a, people):
    in_company(company_a)
    catalog.create_zone(actor=people.owner_a, values={
        "name": {"en": "Centre"}, "kind": "radius", "center_latitude": 31.2304, "center_longitude": 121.4737,
        "radius_km": 10})
    connection.set_schema_to_public()

    far = site_a.post("/api/v1/quotes/", payload(home_cleaning, address={"latitude": 39.9, "longitude": 116.4}),
                      format="json")
    missing = site_a.post("/api/v1/quotes/", payload(home_cleaning), format="json")
    inside = site_a.post("/api/v1/quotes/", payload(home_cleaning, address={"latitude": 31.24, "longitude": 121.47}),
                         format="json")

    assert far.status_code == 400
    assert far.json()["fields"] == {"address": ["This address is outside the area we serve."]}
    assert missing.status_code == 400 and "address" in missing.json()["fields"]
    assert inside.status_code == 201


def test_a_non_json_body_is_a_400(site_a):
    response = site_a.post("/api/v1/quotes/", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert set(response.json()) == {"code", "message", "fields"}


def test_a_quote_takes_a_fixed_number_of_queries(site_a, home_cleaning, django_assert_max_num_queries):
    site_a.post("/api/v1/quotes/", payload(home_cleaning), format="json")  # warm the host and pricing caches

    with django_assert_max_num_queries(2):  # SET search_path, the catalog settings row (its version)
        assert site_a.post("/api/v1/quotes/", payload(home_cleaning), format="json").status_code == 201
