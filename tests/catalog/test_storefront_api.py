"""Storefront catalog endpoints: open to anyone, active things only, per company, in the visitor's language."""
from __future__ import annotations

import pytest
from django.db import connection

from tenant_apps.catalog import services as catalog
from tenant_apps.catalog.models import Category, Service, Variant

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_a(client_for, company_a):
    return client_for(company_a)


def test_categories_come_in_two_levels_top_level_first(site_a):
    body = site_a.get("/api/v1/catalog/categories/").json()

    tops = [c for c in body if c["parent_id"] is None]
    subs = [c for c in body if c["parent_id"] is not None]
    assert [c["name"] for c in tops] == ["Cleaning", "Nanny", "Maternity nurse"]
    assert {c["parent_id"] for c in subs} == {tops[0]["id"]}
    assert body[: len(tops)] == tops


def test_hidden_categories_and_their_sub_categories_are_not_listed(site_a, in_company, company_a, people):
    in_company(company_a)
    cleaning = Category.objects.get(name__en="Cleaning")
    catalog.update_category(actor=people.owner_a, category=cleaning, changes={"is_active": False})
    connection.set_schema_to_public()

    names = [c["name"] for c in site_a.get("/api/v1/catalog/categories/").json()]
    services = [s["name"] for s in site_a.get("/api/v1/catalog/services/").json()]

    assert names == ["Nanny", "Maternity nurse"]
    assert services == ["Nanny", "Maternity nurse"]


def test_services_can_be_filtered_by_category_including_sub_categories(site_a):
    categories = {c["name"]: c["id"] for c in site_a.get("/api/v1/catalog/categories/").json()}

    cleaning = site_a.get("/api/v1/catalog/services/", {"category": categories["Cleaning"]}).json()
    appliance = site_a.get("/api/v1/catalog/services/", {"category": categories["Appliance cleaning"]}).json()

    assert [s["name"] for s in cleaning] == ["Home cleaning", "Air conditioner cleaning", "Range hood cleaning"]
    assert [s["name"] for s in appliance] == ["Air conditioner cleaning", "Range hood cleaning"]
    assert cleaning[0]["from_price"] == 10000  # daily cleaning: the 2-hour minimum at 50 yuan
    assert cleaning[0]["currency"] == "CNY"


@pytest.mark.parametrize("category", ["abc", "-1", "0", "1.5", str(2**70)])
def test_a_malformed_category_filter_is_a_field_error(site_a, category):
    response = site_a.get("/api/v1/catalog/services/", {"category": category})

    assert response.status_code == 400
    assert "category" in response.json()["fields"]


def test_service_detail_shows_variants_add_ons_and_cancellation_policy(site_a):
    home = site_a.get("/api/v1/catalog/services/").json()[0]

    detail = site_a.get(f"/api/v1/catalog/services/{home['id']}/").json()

    assert detail["name"] == "Home cleaning"
    assert detail["included"][0] == "Dusting of surfaces"
    assert [v["name"] for v in detail["variants"]] == ["Daily cleaning", "Deep cleaning", "Post-renovation cleaning"]
    deep = detail["variants"][1]
    assert (deep["price_model"], deep["unit"], deep["unit_price"], deep["minimum_charge"]) == (
        "per_area", "m2", 800, 30000)
    assert deep["from_price"] == 30000 and deep["crew_size"] == 2
    assert {a["kind"] for a in detail["add_ons"]} == {"tools", "extra_hands", "materials", "other"}
    assert [t["summary"] for t in detail["cancellation_policy"]] == [
        "Cancel at least 24 h before the visit: free",
        "Cancel at least 2 h before the visit: 20% of the price",
        "Cancel with less notice: 50% of the price",
        "Once the worker is on the way: ¥30.00",
    ]


def test_service_detail_speaks_chinese_when_asked(site_a):
    home = site_a.get("/api/v1/catalog/services/").json()[0]

    detail = site_a.get(f"/api/v1/catalog/services/{home['id']}/", HTTP_ACCEPT_LANGUAGE="zh-CN").json()

    assert detail["name"] == "家庭保洁"
    assert detail["variants"][0]["name"] == "日常保洁"
    assert detail["included"][0] == "家具表面除尘"


def test_inactive_services_and_services_without_active_variants_are_not_offered(site_a, in_company, company_a,
                                                                                   people):
    in_company(company_a)
    home = Service.objects.get(name__en="Home cleaning")
    hood = Service.objects.get(name__en="Range hood cleaning")
    catalog.update_service(actor=people.owner_a, service=home, changes={"is_active": False})
    for variant in Variant.objects.filter(service=hood):
        catalog.update_variant(actor=people.owner_a, variant=variant, changes={"is_active": False})
    connection.set_schema_to_public()

    listed = [s["name"] for s in site_a.get("/api/v1/catalog/services/").json()]

    assert "Home cleaning" not in listed and "Range hood cleaning" not in listed
    assert site_a.get(f"/api/v1/catalog/services/{home.pk}/").status_code == 404
    assert site_a.get(f"/api/v1/catalog/services/{hood.pk}/").status_code == 404


@pytest.mark.parametrize("service_id", ["999999", "abc", "null,null", "-1", "0", str(2**64), "1.0"])
def test_unknown_or_malformed_service_ids_are_404(site_a, service_id):
    response = site_a.get(f"/api/v1/catalog/services/{service_id}/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_service_of_company_a_is_404_on_company_b(site_a, client_for, company_b, in_company, company_a, people,
                                                    build_service):
    in_company(company_a)
    only_at_a = build_service(variants=[{"price_model": "fixed", "base_price": 100}])
    connection.set_schema_to_public()

    assert site_a.get(f"/api/v1/catalog/services/{only_at_a.pk}/").status_code == 200
    at_b = client_for(company_b).get(f"/api/v1/catalog/services/{only_at_a.pk}/")
    assert at_b.status_code == 404
    names_at_b = {s["name"] for s in client_for(company_b).get("/api/v1/catalog/services/").json()}
    assert "Test service" not in names_at_b and "Home cleaning" not in names_at_b


def test_the_catalog_is_not_served_on_the_platform_host(client_for):
    assert client_for().get("/api/v1/catalog/services/").status_code == 404


def test_list_endpoints_use_a_fixed_number_of_queries(site_a, django_assert_max_num_queries, in_company, company_a,
                                                      build_service):
    in_company(company_a)
    for _ in range(5):  # more services must not mean more queries
        build_service(variants=[{"price_model": "fixed", "base_price": 100}, {"price_model": "hourly",
                                                                               "unit_price": 100}])
    connection.set_schema_to_public()
    site_a.get("/api/v1/catalog/services/")  # warm the host cache

    # each request: SET search_path, then its reads
    with django_assert_max_num_queries(2):
        site_a.get("/api/v1/catalog/categories/")
    with django_assert_max_num_queries(5):
        assert len(site_a.get("/api/v1/catalog/services/").json()) == 10
    with django_assert_max_num_queries(7):
        site_a.get("/api/v1/catalog/services/1/")
