"""The whole booking path at phone size, as a new customer meets it (issue 12, "Done when"): choose
options signed out, sign up with an SMS code and come back to the same choices, add an address with no
coordinates typed, book, see the order, the office confirms the payment, the worker accepts, arrives
(without a location from the phone) and finishes in the worker app, the customer reviews. No
JavaScript error on any page on the way."""
from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.e2e.conftest import forget_notifications, unique_phone, unique_slug
from tests.support import PASSWORD

pytestmark = pytest.mark.e2e


def shot(live, page, name: str) -> None:
    """A full-page screenshot to look at (E2E_SCREENSHOTS names a folder to keep them in)."""
    folder = Path(os.environ.get("E2E_SCREENSHOTS") or live.sms_file.parent)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def settle(page) -> None:
    page.wait_for_load_state("networkidle")


def sign_in_with_password(page, identifier: str) -> None:
    page.get_by_role("link", name="Password").click()
    page.get_by_label("Mobile number or email").fill(identifier)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


# Known elsewhere in issue 12, point 16 (another branch): the missing favicon's 404, and htmx logging
# the requests that hx-sync="this:replace" aborts as errors. Drop these once that branch is merged.


def watch_errors(page, errors: list[str]):
    """Console errors, uncaught exceptions and failed requests of `page`, collected into `errors`."""
    def on_console(message):
        if message.type == "error" and "status of 404" not in message.text:
            errors.append(f"{page.url}: {message.text}")

    def on_response(response):
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            errors.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    return page


@pytest.fixture
def company(world):
    """A company of its own: one service with two options and two add-ons, one district (service
    zone), one worker who works every day, an owner who confirms payments."""
    from shared_apps.accounts.models import User
    from tenant_apps.catalog import services as catalog
    from tenant_apps.catalog.models import Surcharge
    from tenants.services import OwnerInput, sign_up_company
    from tests.workforce.builders import make_service, make_worker

    owner_phone, worker_phone = unique_phone(), unique_phone()
    company = sign_up_company(
        name="Path Cleaning", slug=unique_slug("path"), vertical="housekeeping",
        owner=OwnerInput(phone=owner_phone, email=None, password=PASSWORD, name="Pan Owner"),
    ).company
    owner = User.objects.get(phone=owner_phone)
    with schema_context(company.schema_name):
        service = make_service(owner, skills=("e2e",), name="Window cleaning", variants=[
            {"name": {"en": "Small flat"}, "price_model": "fixed", "base_price": 10000},
            {"name": {"en": "Large flat"}, "price_model": "fixed", "base_price": 15000},
        ], add_ons=[
            {"name": {"en": "Balcony"}, "price": 2000, "max_quantity": 3},
            {"name": {"en": "Fridge"}, "price": 3000, "max_quantity": 1},
        ])
        catalog.create_zone(actor=owner, values={
            "name": {"en": "Huangpu"}, "kind": "radius", "center_latitude": 31.2304, "center_longitude": 121.4737,
            "radius_km": 8})
        make_worker(owner, company, skills=("e2e",), name="Wu Worker", phone=worker_phone)
        # The starter catalogue's weekend and short-notice surcharges would make the prices below
        # depend on the day the test runs (after midnight on a Friday, "tomorrow" is a Saturday).
        Surcharge.objects.all().delete()
    worker_user = User.objects.get(phone=worker_phone)
    worker_user.set_password(PASSWORD)
    worker_user.save(update_fields=["password"])
    company.service, company.owner_phone, company.worker_phone = service, owner_phone, worker_phone
    yield company
    forget_notifications(company)


def test_a_new_customer_books_with_options_and_the_worker_finishes_it(live, new_page, company):
    errors: list[str] = []
    phone = unique_phone()
    service_url = live.url(company.slug, f"/services/{company.service.pk}/")

    # signed out, the visitor chooses an option, add-ons, an address and the earliest time
    customer = watch_errors(new_page(), errors)
    customer.goto(service_url)
    expect(customer.locator("#calendar")).to_contain_text("Give the address of the visit.")
    customer.get_by_label("District").select_option(label="Huangpu")
    expect(customer.locator("#calendar table.month")).to_be_visible()
    customer.locator("label.option", has_text="Large flat").click()
    settle(customer)
    customer.get_by_label("Balcony").fill("2")
    customer.get_by_label("Fridge").check()
    customer.get_by_label("Address").fill("8 Bund Road")
    customer.get_by_label("Address").press("Tab")  # typed text reaches the calendar on change, as people leave it
    settle(customer)
    expect(customer.locator("#quote-total")).to_have_text("¥220.00")  # 150 + 2 × 20 + 30
    with customer.expect_response(lambda response: "earliest=1" in response.url):
        customer.get_by_role("button", name="Earliest available").click()
    # the earliest time becomes the quote's start (which re-renders the calendar once more)
    customer.wait_for_function("() => { const s = document.querySelector('#day-view .slot.selected');"
                               " return s && !document.querySelector('#calendar[data-pick-start]')"
                               " && s.dataset.slotStart === document.getElementById('id_start').value; }")
    picked = customer.locator("#day-view .slot.selected").get_attribute("data-slot-start")

    # signing up with an SMS code brings them back to the same choices
    sign_in = customer.get_by_role("link", name="Sign in to hold this time")
    expect(sign_in).to_have_attribute("href", re.compile(
        "start%3D" + re.escape(quote(quote(picked, safe=""), safe="")) + ".*address_line%3D8%2BBund%2BRoad"))
    sign_in.click()
    customer.get_by_label("Mobile number").fill(phone.removeprefix("+86"))
    customer.get_by_role("button", name="Send code").click()
    expect(customer.locator("#code-status")).to_contain_text("Code sent")
    code, _message = live.sms_code(phone)
    customer.get_by_label("Code from the SMS").fill(code)
    customer.get_by_role("button", name="Sign in", exact=True).click()
    expect(customer).to_have_url(re.compile(re.escape(service_url) + r"\?"))
    expect(customer.locator("label.option", has_text="Large flat").locator("input")).to_be_checked()
    expect(customer.get_by_label("Balcony")).to_have_value("2")
    expect(customer.get_by_label("Fridge")).to_be_checked()
    expect(customer.get_by_label("Address")).to_have_value("8 Bund Road")
    expect(customer.get_by_label("Start")).to_have_value(picked)
    expect(customer.locator("#quote-total")).to_have_text("¥220.00")
    settle(customer)
    expect(customer.locator("#day-view .slot.selected")).to_have_attribute("data-slot-start", picked)

    shot(live, customer, "service")

    # hold it and book it: the address typed before is there, the district too; no coordinates
    customer.get_by_role("button", name="Hold this time").click()
    expect(customer.locator("#hold-status")).to_contain_text("Held for you until")
    customer.get_by_role("link", name="Book this time").click()
    expect(customer.get_by_label("Street address")).to_have_value("8 Bund Road")
    expect(customer.get_by_label("District")).to_have_text(re.compile("Huangpu"))
    assert customer.get_by_label("Latitude").count() == 0
    customer.get_by_label("Building, room").fill("Room 5")
    customer.get_by_label("Contact name").fill("Mei Lin")
    expect(customer.get_by_label("Contact phone")).to_have_value(phone)
    expect(customer.locator("#payment-terms")).to_contain_text("After you book, you pay online on the order page")
    shot(live, customer, "book")
    customer.get_by_role("button", name="Place order").click()

    # the order page: price of the options, how payment happens; Back does not show the form again
    expect(customer.locator("#order-status")).to_have_text("Waiting for payment")
    order_url = customer.url
    order_id = int(re.search(r"/orders/(\d+)/", order_url).group(1))
    expect(customer.locator("#order-total")).to_have_text("¥220.00")
    expect(customer.locator("#payment-how")).to_contain_text("pay online below")
    expect(customer.get_by_text("8 Bund Road, Room 5")).to_be_visible()
    shot(live, customer, "order")
    customer.go_back()
    expect(customer).to_have_url(order_url)
    with schema_context(company.schema_name):
        from tenant_apps.orders.models import Order
        from tenant_apps.people.models import Address

        order = Order.objects.get(pk=order_id)
        assert order.request["add_ons"] == [[company.service.a[0].pk, 2], [company.service.a[1].pk, 1]]
        assert order.variant_id == company.service.v[1].pk and order.location_is_approximate
        assert Address.objects.filter(line="8 Bund Road", building="Room 5").count() == 1

    # the office confirms the payment
    office = watch_errors(new_page(), errors)
    office.goto(live.url(company.slug, f"/office/orders/{order_id}/"))
    office.get_by_label("Mobile number or email").fill(company.owner_phone)
    office.get_by_label("Password").fill(PASSWORD)
    office.get_by_role("button", name="Sign in").click()
    office.get_by_role("button", name="Confirm payment received").click()
    expect(office.get_by_role("status")).to_be_visible()

    # the worker accepts, sets off, arrives (the phone gives no location) and finishes
    worker = watch_errors(new_page(), errors)
    worker.goto(live.url(None, "/worker/tasks/"))
    sign_in_with_password(worker, company.worker_phone)
    worker.locator(f'[data-task="{company.pk}-{order_id}"] a').click()
    worker.get_by_role("button", name="Accept").click()
    expect(worker.locator("#task-address")).to_contain_text("8 Bund Road, Room 5")
    worker.get_by_role("button", name="On the way").click()
    expect(worker.locator("#task-status")).to_have_text("On the way")
    assert worker.get_by_label("Latitude").count() == 0
    worker.get_by_role("button", name="Arrived").click()
    expect(worker.locator("#task-status")).to_have_text("Arrived")
    # the visit is days ahead: too early to start, until the company allows early starts; then
    # starting (and finishing) a day or more early asks why
    expect(worker.locator("#early-warning")).to_contain_text("You can start this visit from")
    assert worker.get_by_role("button", name="Start").count() == 0
    with schema_context(company.schema_name):
        from tenant_apps.orders.models import OrderSettings

        OrderSettings.objects.update_or_create(pk=1, defaults={"early_start_minutes": 7 * 24 * 60})
    worker.reload()
    why = worker.get_by_label("Why now, before the visit is due?")
    if why.count():  # a day or more ahead (it depends on the hour the test runs)
        why.fill("The customer asked us to come early")
    worker.get_by_role("button", name="Start").click()
    expect(worker.locator("#task-status")).to_have_text("In service")
    worker.get_by_label("Note").fill("Windows clean, balcony too")
    if why.count():
        why.fill("A quick job")
    worker.get_by_role("button", name="Done").click()
    expect(worker.locator("#task-status")).to_have_text("Completed")
    # done, the place goes back to an area, and the page says why (not "once you accept")
    expect(worker.locator("#task-address")).to_contain_text("only while the task is under way")
    shot(live, worker, "worker")
    with schema_context(company.schema_name):
        from tenant_apps.orders.models import OrderException

        assert list(OrderException.objects.filter(order_id=order_id).values_list("kind", flat=True)) == [
            "arrival_without_location"]

    # the customer reviews
    customer.goto(order_url)
    expect(customer.locator("#order-status")).to_have_text("Completed")
    customer.get_by_label("Your review").fill("Sparkling windows, thank you")
    customer.get_by_role("button", name="Send review").click()
    expect(customer.get_by_role("status")).to_contain_text("Thank you for your review.")
    expect(customer.locator("#order-status")).to_have_text("Reviewed")
    customer.goto(live.url(company.slug, "/account/"))
    expect(customer.locator("#address-list")).to_contain_text("8 Bund Road, Room 5")
    shot(live, customer, "account")

    assert errors == [], "\n".join(errors)


def test_a_worker_whose_phone_shares_its_location_arrives_with_it(live, browser, world):
    """The arrival form asks the phone where it is: with the permission granted, the position goes with
    the arrival (no field to type it in), and nothing is flagged for the office."""
    from shared_apps.accounts.models import User
    from tenant_apps.orders.models import OrderException
    from tenant_apps.orders.services import lifecycle
    from tenant_apps.people.services import ensure_customer
    from tenants.services import OwnerInput, sign_up_company
    from tests.e2e.test_orders import _book_paid
    from tests.workforce.builders import at, company_day, make_service, make_worker

    owner_phone, worker_phone = unique_phone(), unique_phone()
    company = sign_up_company(
        name="Geo Cleaning", slug=unique_slug("geo"), vertical="housekeeping",
        owner=OwnerInput(phone=owner_phone, email=None, password=PASSWORD, name="Ge Owner"),
    ).company
    owner = User.objects.get(phone=owner_phone)
    with schema_context(company.schema_name):
        service = make_service(owner, skills=("e2e",), name="Oven cleaning")
        worker = make_worker(owner, company, skills=("e2e",), name="Gao Worker", phone=worker_phone)
        customer = ensure_customer(company=company, user=world.customer_a)
        order = _book_paid(customer_user=world.customer_a, customer=customer, service=service,
                           start=at(company, company_day(company, 2), 10))
        user = worker.staff_member.user
        order = lifecycle.accept_task(actor=user, worker=worker, order=order)
        lifecycle.set_off(actor=user, worker=worker, order=order, eta_minutes=10)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])

    errors: list[str] = []
    context = browser.new_context(locale="en-US", viewport={"width": 390, "height": 844},
                                  geolocation={"latitude": 31.2305, "longitude": 121.4738},
                                  permissions=["geolocation"])
    try:
        page = watch_errors(context.new_page(), errors)
        page.goto(live.url(None, f"/worker/tasks/{company.pk}/{order.pk}/"))
        sign_in_with_password(page, worker_phone)
        assert page.get_by_label("Latitude").count() == 0
        page.get_by_role("button", name="Arrived").click()
        expect(page.locator("#task-status")).to_have_text("Arrived")
    finally:
        context.close()
    with schema_context(company.schema_name):
        event = order.events.get(action="arrive")
        assert (float(event.latitude), float(event.longitude)) == (31.2305, 121.4738)
        assert not OrderException.objects.filter(order=order).exists()
    assert errors == [], "\n".join(errors)
    forget_notifications(company)
