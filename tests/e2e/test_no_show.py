"""Customer no-show in the worker app (issue 17.4): the worker waited at the address, their phone
shares its location, and "Customer not there" cancels the visit with the no-show fee; an arrival
recorded without a location is refused with the reason, and nothing is charged."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.e2e.conftest import forget_notifications, unique_phone, unique_slug
from tests.e2e.test_whole_booking_path import sign_in_with_password, watch_errors
from tests.support import PASSWORD

pytestmark = pytest.mark.e2e

AT_THE_DOOR = {"latitude": 31.2305, "longitude": 121.4738}  # tests.workforce.builders.SHANGHAI


def arrived_an_hour_ago(world, *, with_location: bool):
    """A company of its own (a 40 % no-show fee) whose worker arrived at the address an hour ago, at
    the visit's start (the visit's times and the arrival moved back: time has passed)."""
    from shared_apps.accounts.models import User
    from tenant_apps.orders.models import Order, OrderSettings
    from tenant_apps.orders.services import lifecycle
    from tenant_apps.people.services import ensure_customer
    from tenants.services import OwnerInput, sign_up_company
    from tests.e2e.test_orders import _book_paid
    from tests.workforce.builders import at, company_day, make_service, make_worker

    owner_phone, worker_phone = unique_phone(), unique_phone()
    company = sign_up_company(
        name="Wait Cleaning", slug=unique_slug("noshow"), vertical="housekeeping",
        owner=OwnerInput(phone=owner_phone, email=None, password=PASSWORD, name="Wa Owner"),
    ).company
    owner = User.objects.get(phone=owner_phone)
    with schema_context(company.schema_name):
        OrderSettings.objects.update_or_create(pk=1, defaults={"no_show_fee_percent": 40})
        service = make_service(owner, skills=("e2e",), name="Window cleaning")
        worker = make_worker(owner, company, skills=("e2e",), name="Nie Worker", phone=worker_phone)
        customer = ensure_customer(company=company, user=world.customer_a)
        order = _book_paid(customer_user=world.customer_a, customer=customer, service=service,
                           start=at(company, company_day(company, 2), 10))
        user = worker.staff_member.user
        order = lifecycle.accept_task(actor=user, worker=worker, order=order)
        order = lifecycle.set_off(actor=user, worker=worker, order=order, eta_minutes=10)
        location = (AT_THE_DOOR["latitude"], AT_THE_DOOR["longitude"]) if with_location else None
        order = lifecycle.arrive(actor=user, worker=worker, order=order, location=location)
        shift = order.starts_at - order.events.get(action="arrive").created_at + timedelta(hours=1)
        Order.objects.filter(pk=order.pk).update(starts_at=order.starts_at - shift, ends_at=order.ends_at - shift)
        order.events.filter(action="arrive").update(created_at=order.starts_at - shift)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return company, order, worker_phone


def open_task(live, browser, company, order, worker_phone, errors):
    context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844},
                                  geolocation=AT_THE_DOOR, permissions=["geolocation"])
    page = watch_errors(context.new_page(), errors)
    page.goto(live.url(None, f"/worker/tasks/{company.pk}/{order.pk}/"))
    sign_in_with_password(page, worker_phone)
    expect(page.locator("#task-status")).to_have_text("Arrived")
    return context, page


def test_the_worker_marks_the_customer_not_there_and_the_no_show_fee_is_charged(live, browser, world):
    company, order, worker_phone = arrived_an_hour_ago(world, with_location=True)
    errors: list[str] = []
    context, page = open_task(live, browser, company, order, worker_phone, errors)
    try:
        expect(page.locator("#not-there-help")).to_contain_text("no-show fee")
        page.get_by_role("button", name="Customer not there").click()
        expect(page.locator(".messages")).to_contain_text("the customer was not there")
        expect(page).to_have_url(live.url(None, "/worker/tasks/"))
    finally:
        context.close()
    with schema_context(company.schema_name):
        order.refresh_from_db()
        event = order.events.get(action="customer_no_show")
        assert order.status == "cancelled"
        assert order.fees_charged == (order.total * 40 + 50) // 100 > 0
        assert (float(event.latitude), float(event.longitude)) == (31.2305, 121.4738)
    assert errors == [], "\n".join(errors)
    forget_notifications(company)


def test_an_arrival_without_a_location_cannot_prove_a_no_show(live, browser, world):
    company, order, worker_phone = arrived_an_hour_ago(world, with_location=False)
    errors: list[str] = []
    context, page = open_task(live, browser, company, order, worker_phone, errors)
    try:
        page.get_by_role("button", name="Customer not there").click()
        expect(page.locator(".messages")).to_contain_text("recorded without your phone's location")
        expect(page.locator("#task-status")).to_have_text("Arrived")
    finally:
        context.close()
    with schema_context(company.schema_name):
        order.refresh_from_db()
        assert (order.status, order.fees_charged) == ("arrived", 0)
        assert not order.events.filter(action="customer_no_show").exists()
    assert errors == [], "\n".join(errors)
    forget_notifications(company)
