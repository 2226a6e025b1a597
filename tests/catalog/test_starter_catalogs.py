"""Starter catalogs: installed at sign-up by vertical, in English and Chinese at once, valid and quotable."""
from __future__ import annotations

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shared_apps.core.errors import DomainError
from tenant_apps.catalog.models import AddOn, CancellationTier, CatalogSettings, Category, Service, Surcharge, Variant
from tenant_apps.catalog.pricing import QuoteRequest
from tenant_apps.catalog.quotes import make_quote
from tenant_apps.catalog.starter import install_starter_catalog
from tenants.services import OwnerInput, sign_up_company

from .conftest import local_time

pytestmark = pytest.mark.django_db
VERTICALS = ["housekeeping", "repairs", "moving", "recycling"]


def sign_up(vertical: str, slug: str):
    owner = OwnerInput(phone=None, email=f"owner@{slug}.example", password="a-long-passphrase")
    return sign_up_company(name=f"{vertical.title()} Co", slug=slug, vertical=vertical, owner=owner)


@pytest.mark.parametrize("vertical", VERTICALS)
def test_every_starter_row_is_valid_bilingual_and_every_variant_can_be_quoted(vertical, in_company):
    company = in_company(sign_up(vertical, f"starter-{vertical}").company)

    rows = [*Category.objects.all(), *Service.objects.all(), *Variant.objects.all(), *AddOn.objects.all(),
            *CancellationTier.objects.all(), *Surcharge.objects.all(), CatalogSettings.objects.get()]
    for row in rows:
        row.full_clean()
    for row in rows:
        if hasattr(row, "name"):
            assert row.name.get("en") and row.name.get("zh-hans"), row
    assert Service.objects.count() >= 3
    assert Category.objects.filter(parent__isnull=True).count() == 3
    start = local_time(company, 5, 10, weekday=3)
    for variant in Variant.objects.select_related("service"):
        counted = variant.price_model in ("per_unit", "per_area", "buyback")
        priced = make_quote(request=QuoteRequest(
            service_id=variant.service_id, variant_id=variant.pk, start=start,
            quantity=variant.min_quantity if counted else None,
        )).quote
        assert priced.total == sum(line.amount for line in priced.lines)
        assert (priced.total < 0) <= (vertical == "recycling")
    for service in Service.objects.all():
        assert service.cancellation_tiers.exists(), service


def test_a_new_repairs_company_has_its_catalog_in_english_and_chinese(client_for):
    response = client_for().post("/api/v1/companies/", {
        "name": "Delta Repairs", "slug": "delta", "vertical": "repairs",
        "owner": {"phone": "+8613812340001", "email": "owner@delta.example", "password": "a-long-passphrase"},
    }, format="json")
    assert response.status_code == 201, response.json()
    from tenants.models import Company

    site = client_for(Company.objects.get(slug="delta"))

    english = site.get("/api/v1/catalog/categories/", HTTP_ACCEPT_LANGUAGE="en").json()
    chinese = site.get("/api/v1/catalog/categories/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    services_zh = site.get("/api/v1/catalog/services/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()

    top_en = [c["name"] for c in english if c["parent_id"] is None]
    top_zh = [c["name"] for c in chinese if c["parent_id"] is None]
    assert top_en == ["Plumbing & electrical", "Appliances", "Drains"]
    assert top_zh == ["水电维修", "家电维修", "管道疏通"]
    assert {"水管维修", "管道疏通", "家电维修"} <= {s["name"] for s in services_zh}
    drains = next(s for s in services_zh if s["name"] == "管道疏通")
    detail = site.get(f"/api/v1/catalog/services/{drains['id']}/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert [v["name"] for v in detail["variants"]] == ["水槽/面盆", "马桶", "主下水管"]
    assert detail["cancellation_policy"][0]["hours_before"] == 24


def test_the_starter_catalog_is_a_handful_of_bulk_inserts(in_company, people):
    company = in_company(sign_up("housekeeping", "bulk-check").company)
    for model in (Surcharge, CancellationTier, AddOn, Variant, Service):  # empty it to install again
        model.objects.all().delete()
    Category.objects.filter(parent__isnull=False).delete()
    Category.objects.all().delete()

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        count = install_starter_catalog(actor=people.owner_a, vertical=company.vertical)
        elapsed = time.perf_counter() - started

    assert count == 5
    assert len(queries) <= 14
    print(f"starter catalog: {len(queries)} queries, {elapsed * 1000:.1f} ms")
    assert elapsed < 0.2


def test_installing_into_a_company_that_has_a_catalog_is_refused(in_company, company_b, people):
    in_company(company_b)

    with pytest.raises(DomainError) as refused:
        install_starter_catalog(actor=people.owner_b, vertical="repairs")

    assert refused.value.code == "catalog_not_empty"
