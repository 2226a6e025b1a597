"""Back-office catalog endpoints: owners and admins change the catalog; nobody else can; bad input is a 4xx."""
from __future__ import annotations

import io

import pytest
from django.db import connection
from PIL import Image

from tenant_apps.catalog.models import Category, Service
from tenant_apps.people.models import StaffRole
from tenant_apps.people.services import invite_staff_member

pytestmark = pytest.mark.django_db
API = "/api/v1/office/catalog"


@pytest.fixture
def admin_a(in_company, company_a, people):
    in_company(company_a)
    member = invite_staff_member(actor=people.owner_a, company=company_a, phone="+8613800138009",
                                 role=StaffRole.ADMIN, display_name="Ada Admin")
    connection.set_schema_to_public()
    return member.user


@pytest.fixture
def owner(client_for, company_a, people):
    return client_for(company_a, people.owner_a)


@pytest.fixture
def ids(in_company, company_a):
    """Ids of company A's starter rows, by English name."""
    in_company(company_a)
    home = Service.objects.get(name__en="Home cleaning")
    found = {
        "cleaning": Category.objects.get(name__en="Cleaning").pk,
        "home_cleaning": Category.objects.get(name__en="Home cleaning").pk,
        "service": home.pk,
        "variant": home.variants.first().pk,
        "add_on": home.add_ons.first().pk,
    }
    connection.set_schema_to_public()
    return found


def test_owner_builds_a_service_with_variants_add_ons_and_a_policy(owner, client_for, company_a, ids):
    category = owner.post(f"{API}/categories/", {"parent": ids["cleaning"], "name": {
        "en": "Sofa care", "zh-hans": "沙发护理"}}, format="json")
    assert category.status_code == 201, category.json()
    service = owner.post(f"{API}/services/", {
        "category": category.json()["id"], "name": {"en": "Sofa cleaning", "zh-hans": "沙发清洗"},
        "included": {"en": ["Vacuuming", "Stain treatment"]}, "default_duration_minutes": 90,
        "required_skills": ["cleaning"], "min_lead_minutes": 120,
    }, format="json")
    assert service.status_code == 201, service.json()
    service_id = service.json()["id"]
    variant = owner.post(f"{API}/services/{service_id}/variants/", {
        "name": {"en": "Per seat"}, "price_model": "per_unit", "unit": "item", "unit_price": 6000,
        "max_quantity": 8, "duration_minutes": 30, "minutes_per_unit": 20}, format="json")
    add_on = owner.post(f"{API}/services/{service_id}/add-ons/", {
        "name": {"en": "Fabric protector"}, "kind": "materials", "price": 5000}, format="json")
    policy = owner.put(f"{API}/services/{service_id}/cancellation-policy/", {"tiers": [
        {"hours_before": 24}, {"hours_before": 0, "percent": "50"}, {"on_the_way": True, "amount": 2000}]},
        format="json")

    assert variant.status_code == 201, variant.json()
    assert add_on.status_code == 201, add_on.json()
    assert policy.status_code == 200, policy.json()
    assert [t["hours_before"] for t in policy.json()] == [24, 0, None]
    detail = client_for(company_a).get(f"/api/v1/catalog/services/{service_id}/").json()
    assert detail["name"] == "Sofa cleaning"
    assert detail["variants"][0]["unit_price"] == 6000
    assert detail["add_ons"][0]["name"] == "Fabric protector"
    assert len(detail["cancellation_policy"]) == 3


def test_admin_can_change_prices_too(client_for, company_a, admin_a, ids):
    admin = client_for(company_a, admin_a)

    response = admin.patch(f"{API}/variants/{ids['variant']}/", {"unit_price": 5500}, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()["unit_price"] == 5500


ENDPOINTS = [
    ("get", "/categories/", None),
    ("post", "/categories/", {"name": {"en": "X"}}),
    ("patch", "/categories/{home_cleaning}/", {"is_active": False}),
    ("delete", "/categories/{cleaning}/", None),
    ("get", "/services/", None),
    ("post", "/services/", {"category": 1, "name": {"en": "X"}}),
    ("get", "/services/{service}/", None),
    ("patch", "/services/{service}/", {"is_active": False}),
    ("delete", "/services/{service}/", None),
    ("post", "/services/{service}/variants/", {"name": {"en": "X"}, "price_model": "fixed"}),
    ("patch", "/variants/{variant}/", {"base_price": 1}),
    ("delete", "/variants/{variant}/", None),
    ("post", "/services/{service}/add-ons/", {"name": {"en": "X"}, "price": 1}),
    ("patch", "/add-ons/{add_on}/", {"price": 1}),
    ("delete", "/add-ons/{add_on}/", None),
    ("put", "/services/{service}/cancellation-policy/", {"tiers": []}),
    ("get", "/surcharges/", None),
    ("post", "/surcharges/", {"name": {"en": "X"}, "kind": "holiday", "percent": "10"}),
    ("get", "/zones/", None),
    ("post", "/zones/", {"name": {"en": "X"}, "kind": "radius", "radius_km": "5", "center_latitude": 31,
                         "center_longitude": 121}),
    ("get", "/holidays/", None),
    ("post", "/holidays/", {"date": "2026-10-01", "name": {"en": "X"}}),
    ("get", "/settings/", None),
    ("patch", "/settings/", {"booking_horizon_days": 30}),
]


@pytest.mark.parametrize(("method", "path", "body"), ENDPOINTS, ids=[f"{m} {p}" for m, p, _ in ENDPOINTS])
@pytest.mark.parametrize("who", ["dispatcher_a", "worker_a", "customer_a", "owner_b", "operator", None])
def test_only_owners_and_admins_may_use_the_office_catalog(client_for, company_a, people, ids, who, method, path,
                                                          body):
    client = client_for(company_a, getattr(people, who) if who else None)

    response = getattr(client, method)(API + path.format(**ids), body, format="json")

    assert response.status_code == (401 if who is None else 403), response.content
    assert set(response.json()) == {"code", "message", "fields"}


def test_company_b_staff_see_403_and_company_a_ids_are_404_at_b(client_for, company_a, company_b, people, ids,
                                                                owner):
    created = owner.post(f"{API}/services/", {"category": ids["cleaning"], "name": {"en": "Only at A"}},
                         format="json").json()
    owner_b_at_b = client_for(company_b, people.owner_b)

    assert client_for(company_a, people.owner_b).get(f"{API}/services/").status_code == 403
    assert owner_b_at_b.get(f"{API}/services/{created['id']}/").status_code == 404
    assert owner_b_at_b.patch(f"{API}/services/{created['id']}/", {"is_active": False},
                              format="json").status_code == 404


@pytest.mark.parametrize("bad_id", ["abc", "null,null", "0", "-5", str(2**64), "999999"])
@pytest.mark.parametrize("path", ["/categories/{}/", "/services/{}/", "/variants/{}/", "/add-ons/{}/",
                                  "/surcharges/{}/", "/zones/{}/", "/holidays/{}/", "/services/{}/variants/",
                                  "/services/{}/cancellation-policy/"])
def test_path_ids_are_validated(owner, path, bad_id):
    response = owner.get(API + path.format(bad_id))

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


BAD_BODIES = [
    ("post", "/categories/", {"name": {}}, "name"),
    ("post", "/categories/", {"name": {"fr": "Ménage"}}, "name"),
    ("post", "/categories/", {"name": "Cleaning"}, "name"),
    ("post", "/categories/", {"name": {"en": "X" * 121}}, "name.en"),
    ("post", "/categories/", {"name": {"en": "Third level"}, "parent": "{home_cleaning}"}, "parent"),
    ("post", "/categories/", {"name": {"en": "Orphan"}, "parent": 999999}, "parent"),
    ("patch", "/categories/{cleaning}/", {"parent": "{home_cleaning}"}, "parent"),
    ("post", "/services/", {"name": {"en": "No category"}}, "category"),
    ("post", "/services/", {"category": "{cleaning}", "name": {"en": "X"}, "crew_size": 0}, "crew_size"),
    ("post", "/services/", {"category": "{cleaning}", "name": {"en": "X"}, "required_skills": ["no spaces!"]},
     "required_skills.0"),
    ("post", "/services/{service}/variants/", {"name": {"en": "X"}, "price_model": "magic"}, "price_model"),
    ("post", "/services/{service}/variants/", {"name": {"en": "X"}, "price_model": "hourly"}, "unit_price"),
    ("post", "/services/{service}/variants/", {"name": {"en": "X"}, "price_model": "fixed", "base_price": -100},
     "base_price"),
    ("post", "/services/{service}/variants/", {"name": {"en": "X"}, "price_model": "per_unit", "unit_price": 100,
                                               "unit": "hour"}, "unit"),
    ("post", "/services/{service}/variants/", {"name": {"en": "X"}, "price_model": "per_unit", "unit_price": 100,
                                               "unit": "item", "min_quantity": 10, "max_quantity": 5},
     "max_quantity"),
    ("post", "/services/{service}/variants/", {"name": {"en": "X"}, "price_model": "hourly", "unit_price": 100,
                                               "minimum_minutes": 45}, "minimum_minutes"),
    ("post", "/services/{service}/add-ons/", {"name": {"en": "X"}, "price": -1}, "price"),
    ("post", "/services/{service}/add-ons/", {"name": {"en": "X"}, "price": 1, "max_quantity": 0}, "max_quantity"),
    ("put", "/services/{service}/cancellation-policy/", {"tiers": [{"hours_before": 2}, {"hours_before": 2}]},
     "tiers.1.hours_before"),
    ("put", "/services/{service}/cancellation-policy/", {"tiers": [{"percent": "10"}]}, "tiers.0.hours_before"),
    ("put", "/services/{service}/cancellation-policy/", {"tiers": [{"hours_before": 2, "percent": "120"}]},
     "tiers.0.percent"),
    ("post", "/surcharges/", {"name": {"en": "X"}, "kind": "time_of_day", "percent": "10"}, "start_time"),
    ("post", "/surcharges/", {"name": {"en": "X"}, "kind": "time_of_day", "percent": "10", "start_time": "25:00",
                              "end_time": "08:00"}, "start_time"),
    ("post", "/surcharges/", {"name": {"en": "X"}, "kind": "weekday", "percent": "10"}, "weekdays"),
    ("post", "/surcharges/", {"name": {"en": "X"}, "kind": "weekday", "percent": "10", "weekdays": [8]},
     "weekdays.0"),
    ("post", "/surcharges/", {"name": {"en": "X"}, "kind": "urgency", "amount": 100}, "within_hours"),
    ("post", "/surcharges/", {"name": {"en": "X"}, "kind": "holiday"}, "amount"),
    ("post", "/surcharges/", {"name": {"en": "X"}, "kind": "holiday", "percent": "-5"}, "percent"),
    ("post", "/surcharges/", {"name": {"en": "X"}, "kind": "holiday", "percent": "5", "service": 999999}, "service"),
    ("post", "/zones/", {"name": {"en": "X"}, "kind": "radius", "radius_km": "5"}, "center_latitude"),
    ("post", "/zones/", {"name": {"en": "X"}, "kind": "radius"}, "radius_km"),
    ("post", "/zones/", {"name": {"en": "X"}, "kind": "polygon", "polygon": [[31, 121], [32, 121]]}, "polygon"),
    ("post", "/zones/", {"name": {"en": "X"}, "kind": "polygon", "polygon": [[31, 121, 5]]}, "polygon.0"),
    ("post", "/zones/", {"name": {"en": "X"}, "kind": "polygon", "polygon": [[31, 121], [32, 121], [95, 0]]},
     "polygon"),
    ("post", "/holidays/", {"date": "not a date", "name": {"en": "X"}}, "date"),
    ("patch", "/settings/", {"booking_horizon_days": 0}, "booking_horizon_days"),
    ("patch", "/settings/", {"base_latitude": 31.2}, "base_longitude"),
    ("patch", "/settings/", {"currency": "yuan"}, "currency"),
]


@pytest.mark.parametrize(("method", "path", "body", "field"), BAD_BODIES,
                         ids=[f"{m} {p} {f}" for m, p, _, f in BAD_BODIES])
def test_bad_input_gets_a_field_error(owner, ids, method, path, body, field):
    body = {k: (int(v.format(**ids)) if isinstance(v, str) and v.startswith("{") else v) for k, v in body.items()}

    response = getattr(owner, method)(API + path.format(**ids), body, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()["fields"], response.json()


def test_a_holiday_date_is_unique(owner):
    first = owner.post(f"{API}/holidays/", {"date": "2026-10-01", "name": {"en": "National Day"}}, format="json")
    again = owner.post(f"{API}/holidays/", {"date": "2026-10-01", "name": {"en": "Again"}}, format="json")

    assert first.status_code == 201
    assert again.status_code == 400 and "date" in again.json()["fields"]


def test_a_category_in_use_cannot_be_deleted_but_an_empty_one_can(owner, ids):
    in_use = owner.delete(f"{API}/categories/{ids['cleaning']}/")
    empty = owner.post(f"{API}/categories/", {"name": {"en": "Empty"}}, format="json").json()

    assert in_use.status_code == 409 and in_use.json()["code"] == "category_in_use"
    assert owner.delete(f"{API}/categories/{empty['id']}/").status_code == 204
    assert owner.get(f"{API}/categories/{empty['id']}/").status_code == 404


def test_the_last_variant_of_a_service_cannot_be_deleted(owner, ids):
    service = owner.post(f"{API}/services/", {"category": ids["cleaning"], "name": {"en": "One way"}},
                         format="json").json()
    variant = owner.post(f"{API}/services/{service['id']}/variants/", {
        "name": {"en": "Only"}, "price_model": "fixed", "base_price": 100}, format="json").json()

    response = owner.delete(f"{API}/variants/{variant['id']}/")

    assert response.status_code == 409 and response.json()["code"] == "last_variant"


def test_surcharges_zones_holidays_and_settings_round_trip(owner):
    surcharge = owner.post(f"{API}/surcharges/", {"name": {"en": "Evening", "zh-hans": "夜间"}, "kind": "time_of_day",
                                                  "percent": "20", "start_time": "19:00", "end_time": "08:00"},
                           format="json")
    settings = owner.patch(f"{API}/settings/", {"base_latitude": 31.2304167, "base_longitude": 121.4737011,
                                                "booking_horizon_days": 30}, format="json")
    zone = owner.post(f"{API}/zones/", {"name": {"en": "Centre"}, "kind": "radius", "radius_km": "12.5"},
                      format="json")
    holiday = owner.post(f"{API}/holidays/", {"date": "2026-10-01", "name": {"en": "National Day"}}, format="json")

    assert surcharge.status_code == 201 and surcharge.json()["start_time"] == "19:00:00"
    assert settings.status_code == 200 and settings.json()["base_latitude"] == 31.230417
    assert zone.status_code == 201 and zone.json()["radius_km"] == "12.50"
    assert holiday.status_code == 201
    assert owner.patch(f"{API}/surcharges/{surcharge.json()['id']}/", {"percent": "25"},
                       format="json").json()["percent"] == "25.00"
    assert owner.delete(f"{API}/zones/{zone.json()['id']}/").status_code == 204
    assert [h["date"] for h in owner.get(f"{API}/holidays/").json()] == ["2026-10-01"]


def test_owner_uploads_and_removes_a_service_photo(owner, ids, client_for, company_a, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    image = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(image, "PNG")
    image.seek(0)
    image.name = "sofa.png"

    uploaded = owner.post(f"{API}/services/{ids['service']}/photos/", {"image": image}, format="multipart")
    not_an_image = owner.post(f"{API}/services/{ids['service']}/photos/",
                              {"image": io.BytesIO(b"not a picture")}, format="multipart")

    assert uploaded.status_code == 201, uploaded.json()
    assert uploaded.json()["url"].endswith(".png")
    assert not_an_image.status_code == 400 and "image" in not_an_image.json()["fields"]
    public = client_for(company_a).get(f"/api/v1/catalog/services/{ids['service']}/").json()
    assert public["photos"] == [uploaded.json()["url"]]
    assert owner.delete(f"{API}/photos/{uploaded.json()['id']}/").status_code == 204


def test_office_lists_use_a_fixed_number_of_queries(owner, django_assert_max_num_queries):
    owner.get(f"{API}/services/")  # warm the host cache

    # SET search_path, the token, the staff membership, then the reads
    with django_assert_max_num_queries(8):
        assert len(owner.get(f"{API}/services/").json()) == 5
    for path in ("/categories/", "/surcharges/", "/zones/", "/holidays/"):
        with django_assert_max_num_queries(4):
            owner.get(API + path)
