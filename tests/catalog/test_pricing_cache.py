"""The cache of pricing inputs: fast quotes that still follow every catalog change at once, per company,
while the check before booking always reads the database."""
from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenant_apps.catalog import services as catalog
from tenant_apps.catalog.models import Variant
from tenant_apps.catalog.pricing import QuoteRequest
from tenant_apps.catalog.quotes import QuoteChanged, check_quote_still_valid, load_quote, make_quote

from .conftest import weekday_morning

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(alpha, build_service):
    built = build_service(variants=[{"price_model": "fixed", "base_price": 10000}])
    built.request = QuoteRequest(service_id=built.pk, start=weekday_morning(alpha))
    return built


def test_a_repeated_quote_reads_one_row_instead_of_the_catalog(service):
    make_quote(request=service.request)

    with CaptureQueriesContext(connection) as queries:
        make_quote(request=service.request)

    assert len(queries) == 1  # the settings row, whose version names the cached inputs


def test_a_price_change_is_quoted_at_once(service, people):
    assert make_quote(request=service.request).quote.total == 10000

    catalog.update_variant(actor=people.owner_a, variant=service.v[0], changes={"base_price": 12000})

    assert make_quote(request=service.request).quote.total == 12000


def test_new_surcharges_zones_and_holidays_are_quoted_at_once(service, people):
    make_quote(request=service.request)

    catalog.create_surcharge(actor=people.owner_a, values={
        "name": {"en": "Every day"}, "kind": "weekday", "amount": 700, "weekdays": [1, 2, 3, 4, 5, 6, 7]})

    assert make_quote(request=service.request).quote.total == 10700


def test_cached_inputs_belong_to_one_company(in_company, company_a, company_b, people):
    """Both starter catalogs number their services from 1: the cache must not mix them up."""
    in_company(company_a)
    at_a = make_quote(request=QuoteRequest(service_id=1, variant_id=1, start=weekday_morning(company_a))).quote

    in_company(company_b)
    at_b = make_quote(request=QuoteRequest(service_id=1, variant_id=1, start=weekday_morning(company_b))).quote

    assert at_a.lines[-1].label == "Daily cleaning"
    assert at_b.lines[-1].label == "Leak repair"


def test_the_check_before_booking_reads_the_database(service):
    signed = make_quote(request=service.request)
    Variant.objects.filter(pk=service.v[0].pk).update(base_price=15000)  # behind the services' back

    assert make_quote(request=service.request).quote.total == 10000  # the cache has not heard of it
    with pytest.raises(QuoteChanged) as changed:
        check_quote_still_valid(quote=load_quote(signed.token))
    assert changed.value.new_quote.quote.total == 15000
