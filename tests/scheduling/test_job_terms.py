"""A slot is searched for the duration and crew the quote engine prices: variant, quantity, hours and
add-ons change them the same way."""
import pytest
from django.utils import timezone

from tenant_apps.catalog.pricing import AddOnChoice, QuoteRequest
from tenant_apps.catalog.quotes import make_quote
from tenant_apps.scheduling.selectors import JobRequest, job_terms_for
from tests.workforce.builders import SHANGHAI, at, company_day, make_service

VARIANTS = [
    {"price_model": "fixed", "base_price": 10000, "duration_minutes": 90},
    {"price_model": "hourly", "unit_price": 5000, "minimum_minutes": 120},
    {"price_model": "per_area", "unit_price": 500, "duration_minutes": 60, "minutes_per_unit": 2, "crew_size": 2},
]
ADD_ONS = [{"price": 3000, "extra_minutes": 30, "max_quantity": 3}, {"price": 5000, "extra_crew": 1}]


@pytest.mark.parametrize("variant, quantity, hours, add_ons", [
    (0, None, None, ()),
    (0, None, None, ((0, 2), (1, 1))),
    (1, None, None, ()),
    (1, None, 180, ((0, 1),)),
    (2, 80, None, ((1, 1),)),
])
def test_duration_and_crew_match_the_quote(alpha, people, variant, quantity, hours, add_ons):
    service = make_service(people.owner_a, duration=120, variants=VARIANTS, add_ons=ADD_ONS)
    choices = tuple(AddOnChoice(add_on_id=service.a[i].pk, quantity=q) for i, q in add_ons)
    start = at(alpha, company_day(alpha, 3), 10)

    terms = job_terms_for(JobRequest(service_id=service.pk, variant_id=service.v[variant].pk, add_ons=choices,
                                     quantity=quantity, duration_minutes=hours, location=SHANGHAI),
                          now=timezone.now())
    quote = make_quote(request=QuoteRequest(service_id=service.pk, start=start, variant_id=service.v[variant].pk,
                                            add_ons=choices, quantity=quantity, duration_minutes=hours,
                                            location=SHANGHAI)).quote

    assert (terms.job.duration_minutes, terms.job.crew_size) == (quote.duration_minutes, quote.crew_size)
    assert terms.job.lead_minutes == 60 and terms.required_skills == ("cleaning",)
