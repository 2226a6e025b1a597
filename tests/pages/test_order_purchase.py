"""What was bought (variant, hours, add-ons with quantities, itemised lines, notes, requirements)
shows on the booking page, the customer's order, the office's order and the worker's task; the
worker sees what to bring before accepting, and no prices."""
from __future__ import annotations

import pytest

from shared_apps.core.actor import SYSTEM
from tenant_apps.catalog.pricing import AddOnChoice, QuoteRequest
from tenant_apps.catalog.quotes import make_quote
from tenant_apps.catalog.translations import text
from tenant_apps.orders.services.booking import BookingDetails, book_order, mark_order_paid
from tenant_apps.people.models import Customer
from tenant_apps.scheduling.selectors import JobRequest
from tenant_apps.scheduling.services import HoldRequest, place_hold
from tests.workforce.builders import SHANGHAI, at, company_day, enter, make_service, make_worker


@pytest.fixture
def booked(people):
    """An hourly deep clean for three hours, with two bottles of polish and the cleaner's tools."""
    enter(people.company_a)
    service = make_service(people.owner_a, skills=("purchase",), duration=180, variants=[
        {"name": text("Deep clean", "深度保洁"), "price_model": "hourly", "unit_price": 5000, "minimum_minutes": 120,
         "unit": "hour"}],
        add_ons=[{"name": text("Cleaner brings tools", "自带清洁工具"), "kind": "tools", "price": 3000},
                 {"name": text("Polish", "抛光剂"), "kind": "materials", "price": 1000, "max_quantity": 5}])
    worker = make_worker(people.owner_a, people.company_a, skills=("purchase",), name="Pu Worker")
    customer = Customer.objects.get(user=people.customer_a)
    start = at(people.company_a, company_day(people.company_a, 3), 10)
    request = QuoteRequest(service_id=service.pk, start=start, variant_id=service.v[0].pk, duration_minutes=180,
                           add_ons=(AddOnChoice(service.a[0].pk, 1), AddOnChoice(service.a[1].pk, 2)),
                           location=SHANGHAI, customer_id=customer.pk)
    quote = make_quote(request=request)
    hold = place_hold(actor=people.customer_a, customer=customer, request=HoldRequest(job=JobRequest(
        service_id=service.pk, variant_id=service.v[0].pk, duration_minutes=180, add_ons=request.add_ons,
        location=SHANGHAI), start=start))
    return quote, hold, worker, customer


def _book(people, quote, hold, customer):
    order = book_order(actor=people.customer_a, customer=customer, quote_token=quote.token,
                       hold_id=str(hold.hold_id), details=BookingDetails(
                           address_line="1 People's Square", latitude=SHANGHAI.latitude,
                           longitude=SHANGHAI.longitude, contact_name="Cathy", contact_phone="+8618600186001",
                           notes="The cat hides under the sofa"))
    return mark_order_paid(actor=SYSTEM, order=order)


def test_every_surface_shows_what_was_bought(people, page_client, booked):
    quote, hold, worker, customer = booked
    booking_page = page_client(people.company_a, people.customer_a).get(
        f"/book/?hold={hold.hold_id}&quote={quote.token}").content.decode()
    for shown in ("Deep clean", "3 h", "Cleaner brings tools", "Polish × 2", "Bring: Polish × 2", "¥150.00"):
        assert shown in booking_page

    order = _book(people, quote, hold, customer)
    assert order.purchase["add_ons"][1]["quantity"] == 2 and order.purchase["variant"]["name"]["en"] == "Deep clean"
    customer_page = page_client(people.company_a, people.customer_a).get(f"/orders/{order.pk}/").content.decode()
    office_page = page_client(people.company_a, people.owner_a).get(f"/office/orders/{order.pk}/").content.decode()
    for page in (customer_page, office_page):
        for shown in ("Deep clean", "3 h", "Polish × 2", "Bring: Cleaner brings tools", "The cat hides under the sofa",
                      'id="purchase-lines"', "¥150.00", "¥20.00"):
            assert shown in page, shown

    # the worker, before accepting: the job and what to bring, no prices
    task = page_client(None, worker.staff_member.user).get(
        f"/worker/tasks/{people.company_a.pk}/{order.pk}/").content.decode()
    assert order.status == "assigned"
    for shown in ("Deep clean", "3 h", "Bring: Cleaner brings tools", "Bring: Polish × 2", "The cat hides"):
        assert shown in task, shown
    assert "¥" not in task and 'id="purchase-lines"' not in task


def test_the_purchase_reads_in_the_readers_language(people, page_client, booked):
    quote, hold, worker, customer = booked
    order = _book(people, quote, hold, customer)
    page = page_client(people.company_a, people.customer_a, HTTP_ACCEPT_LANGUAGE="zh-hans").get(
        f"/orders/{order.pk}/").content.decode()
    assert "深度保洁" in page and "抛光剂" in page
