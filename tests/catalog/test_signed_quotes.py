"""Signed quotes: unalterable, expiring, bound to their company and customer, and re-checked before booking."""
from __future__ import annotations

import string
from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared_apps.core.errors import DomainError, ValidationFailed
from tenant_apps.catalog import services as catalog
from tenant_apps.catalog.pricing import QuoteRequest
from tenant_apps.catalog.quotes import QuoteChanged, check_quote_still_valid, load_quote, make_quote, verify_quote

from .conftest import weekday_morning

pytestmark = pytest.mark.django_db
TOKEN_ALPHABET = string.ascii_letters + string.digits + "-_:."


@pytest.fixture
def priced_service(alpha, build_service):
    service = build_service(variants=[{"price_model": "fixed", "base_price": 10000}])
    service.start = weekday_morning(alpha)
    return service


def make(service, **kwargs):
    return make_quote(request=QuoteRequest(service_id=service.pk, start=service.start, **kwargs))


def test_a_quote_round_trips_through_its_token(priced_service):
    signed = make(priced_service, customer_id=None)

    loaded = load_quote(signed.token)

    assert loaded.quote == signed.quote
    assert loaded.expires_at == signed.expires_at
    assert signed.expires_at - signed.issued_at == timedelta(minutes=15)


def test_flipping_any_character_of_the_token_is_refused(priced_service):
    token = make(priced_service).token

    @settings(max_examples=400, deadline=None)
    @given(st.data())
    def check(data):
        index = data.draw(st.integers(0, len(token) - 1))
        replacement = data.draw(st.sampled_from(TOKEN_ALPHABET).filter(lambda c: c != token[index]))
        altered = token[:index] + replacement + token[index + 1:]
        with pytest.raises(DomainError) as refused:
            verify_quote(altered)
        assert refused.value.code == "quote_invalid"

    check()


@pytest.mark.parametrize("token", ["", "nonsense", None, 42, "a" * 20_000, "e30:1abc:xyz"])
def test_garbage_tokens_are_invalid(priced_service, token):
    with pytest.raises(DomainError) as refused:
        verify_quote(token)
    assert refused.value.code == "quote_invalid"
    assert "token" in refused.value.fields


def test_a_quote_expires_after_its_lifetime(priced_service):
    signed = make(priced_service)

    assert verify_quote(signed.token, now=signed.expires_at - timedelta(seconds=1))
    with pytest.raises(DomainError) as refused:
        verify_quote(signed.token, now=signed.expires_at)
    assert refused.value.code == "quote_expired"


def test_the_lifetime_is_a_company_setting(priced_service, people):
    catalog.update_catalog_settings(actor=people.owner_a, changes={"quote_ttl_minutes": 5})

    signed = make(priced_service)

    assert signed.expires_at - signed.issued_at == timedelta(minutes=5)


def test_a_quote_from_company_a_is_invalid_at_company_b(priced_service, in_company, company_b):
    token = make(priced_service).token

    in_company(company_b)

    with pytest.raises(DomainError) as refused:
        verify_quote(token)
    assert refused.value.code == "quote_invalid"


def test_check_returns_a_fresh_quote_when_the_price_stands(priced_service):
    signed = make(priced_service)

    fresh = check_quote_still_valid(quote=load_quote(signed.token))

    assert fresh.quote.total == signed.quote.total
    assert fresh.expires_at >= signed.expires_at
    assert load_quote(fresh.token).quote == fresh.quote


def test_check_reports_a_changed_price_with_the_new_quote(priced_service, people):
    signed = make(priced_service)
    catalog.update_variant(actor=people.owner_a, variant=priced_service.v[0], changes={"base_price": 12000})

    with pytest.raises(QuoteChanged) as changed:
        check_quote_still_valid(quote=load_quote(signed.token))

    assert changed.value.code == "quote_changed" and changed.value.status == 409
    assert changed.value.new_quote.quote.total == 12000
    assert changed.value.as_dict()["quote"]["total"] == 12000
    assert verify_quote(changed.value.new_quote.token).quote.total == 12000


def test_check_reports_a_new_surcharge_as_a_changed_price(priced_service, people):
    signed = make(priced_service)
    catalog.create_surcharge(actor=people.owner_a, values={
        "name": {"en": "Every day"}, "kind": "weekday", "amount": 500, "weekdays": [1, 2, 3, 4, 5, 6, 7]})

    with pytest.raises(QuoteChanged) as changed:
        check_quote_still_valid(quote=load_quote(signed.token))

    assert changed.value.new_quote.quote.total == 10500


def test_a_withdrawn_service_cannot_be_booked_from_an_old_quote(priced_service, people):
    signed = make(priced_service)
    catalog.update_service(actor=people.owner_a, service=priced_service, changes={"is_active": False})

    with pytest.raises(ValidationFailed) as refused:
        check_quote_still_valid(quote=load_quote(signed.token))

    assert "service" in refused.value.fields


def test_a_customers_quote_is_valid_only_for_that_customer(priced_service):
    signed = make(priced_service, customer_id=7)

    assert check_quote_still_valid(quote=load_quote(signed.token), customer_id=7).quote.total == 10000
    with pytest.raises(DomainError) as refused:
        check_quote_still_valid(quote=load_quote(signed.token), customer_id=8)
    assert refused.value.code == "quote_invalid"


def test_an_anonymous_quote_can_be_booked_by_whoever_signs_in(priced_service):
    signed = make(priced_service)

    fresh = check_quote_still_valid(quote=load_quote(signed.token), customer_id=7)

    assert fresh.quote.request.customer_id == 7
