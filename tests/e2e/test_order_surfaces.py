"""What a customer, a worker and the office see of one booking, at phone size (issue 12, points 4, 5,
6, 8, 9, 13 and 14): what was bought on every surface, no internal reason or unconfirmed worker for
the customer, held times to release, a calendar that survives a variant change, moving a visit by the
calendar's free times, early starts refused, and doing nothing said so. Each test makes a company of
its own (removed with the package's clean-up); screenshots go to the pytest tmp dir."""
from __future__ import annotations

import re

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.e2e.conftest import forget_notifications, unique_phone, unique_slug
from tests.support import PASSWORD, People

pytestmark = pytest.mark.e2e


def sign_in(page, identifier: str) -> None:
    page.get_by_role("link", name="Password").click()
    page.get_by_label("Mobile number or email").fill(identifier)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def settle(page) -> None:
    page.wait_for_load_state("networkidle")


@pytest.fixture
def shop(world):
    """A company with an hourly deep clean (tools and polish add-ons, or a fixed-price option) and two
    workers who work every day; customer_a is its customer."""
    from shared_apps.accounts.models import User
    from tenant_apps.catalog.translations import text
    from tenant_apps.people.services import ensure_customer
    from tenants.services import OwnerInput, sign_up_company
    from tests.workforce.builders import make_service, make_worker

    owner_phone = unique_phone()
    company = sign_up_company(
        name="Surface Cleaning", slug=unique_slug("surf"), vertical="housekeeping",
        owner=OwnerInput(phone=owner_phone, email=None, password=PASSWORD, name="Su Owner"),
    ).company
    owner = User.objects.get(phone=owner_phone)
    phones = [unique_phone(), unique_phone()]
    with schema_context(company.schema_name):
        service = make_service(owner, skills=("e2e",), duration=180, name="Deep clean", variants=[
            {"name": text("Hourly", "按小时"), "price_model": "hourly", "unit_price": 5000, "unit": "hour",
             "minimum_minutes": 120, "duration_minutes": 180},
            {"name": text("Whole flat", "整套"), "price_model": "fixed", "base_price": 30000}],
            add_ons=[{"name": text("Cleaner brings tools", "自带清洁工具"), "kind": "tools", "price": 3000},
                     {"name": text("Polish", "抛光剂"), "kind": "materials", "price": 1000, "max_quantity": 5}])
        workers = [make_worker(owner, company, skills=("e2e",), name=name, phone=phone)
                   for name, phone in zip(("Lei Worker", "Mo Worker"), phones, strict=True)]
        customer = ensure_customer(company=company, user=world.customer_a)
    for phone in phones:
        user = User.objects.get(phone=phone)
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    company.owner, company.owner_phone, company.service, company.workers = owner, owner_phone, service, workers
    company.worker_phones, company.customer, company.customer_user = phones, customer, world.customer_a
    yield company
    forget_notifications(company)


def _book(shop, *, hour: int = 10, days: int = 3, workers=None, add_ons=True, notes="The cat hides"):
    from shared_apps.core.actor import SYSTEM
    from tenant_apps.catalog.pricing import AddOnChoice, QuoteRequest
    from tenant_apps.catalog.quotes import make_quote
    from tenant_apps.orders.services.booking import BookingDetails, book_order, mark_order_paid
    from tenant_apps.scheduling.selectors import JobRequest
    from tenant_apps.scheduling.services import HoldRequest, place_hold
    from tests.workforce.builders import SHANGHAI, at, company_day

    service = shop.service
    start = at(shop, company_day(shop, days), hour)
    chosen = (AddOnChoice(service.a[0].pk, 1), AddOnChoice(service.a[1].pk, 2)) if add_ons else ()
    with schema_context(shop.schema_name):
        request = QuoteRequest(service_id=service.pk, start=start, variant_id=service.v[0].pk, duration_minutes=180,
                               add_ons=chosen, location=SHANGHAI, customer_id=shop.customer.pk)
        quote = make_quote(request=request)
        hold = place_hold(actor=shop.customer_user, customer=shop.customer, request=HoldRequest(job=JobRequest(
            service_id=service.pk, variant_id=service.v[0].pk, duration_minutes=180, add_ons=chosen,
            location=SHANGHAI), start=start, worker_ids=workers))
        order = book_order(actor=shop.customer_user, customer=shop.customer, quote_token=quote.token,
                           hold_id=str(hold.hold_id), details=BookingDetails(
                               address_line="8 Bund Road", district="Huangpu", latitude=SHANGHAI.latitude,
                               longitude=SHANGHAI.longitude, contact_name="Cathy",
                               contact_phone=People.PHONES["customer_a"], notes=notes))
        return mark_order_paid(actor=SYSTEM, order=order)


def test_what_was_bought_shows_everywhere_and_internal_reasons_stay_with_the_office(live, new_page, shop,
                                                                                    tmp_path):
    from tenant_apps.orders.services import dispatch

    order = _book(shop, workers=(shop.workers[0].pk,))
    with schema_context(shop.schema_name):
        dispatch.assign_worker(actor=shop.owner, order=order, worker_id=shop.workers[1].pk,
                               reason="Lei was rude last time")

    # the customer: what they bought, no internal reason, no worker before one accepts
    customer = new_page()
    customer.goto(live.url(shop.slug, f"/orders/{order.pk}/"))
    sign_in(customer, People.PHONES["customer_a"])
    expect(customer.locator("#purchase-variant")).to_have_text("Hourly")
    expect(customer.locator("#purchase-duration")).to_have_text("3 h")
    expect(customer.locator("#purchase-add-ons")).to_contain_text("Polish × 2")
    expect(customer.locator("#purchase-needs")).to_contain_text("Bring: Cleaner brings tools")
    expect(customer.locator("#purchase-lines")).to_contain_text("¥20.00")
    expect(customer.locator("#purchase-notes")).to_have_text("The cat hides")
    expect(customer.locator("#timeline-events")).not_to_contain_text("rude")
    expect(customer.locator("#timeline-events")).not_to_contain_text("Offered to another worker")
    expect(customer.locator("#order-worker")).to_have_count(0)
    customer.screenshot(path=str(tmp_path / "customer-order.png"), full_page=True)

    # the worker, before accepting: the job and what to bring, no prices, not the office's reason
    worker = new_page()
    worker.goto(live.url(None, f"/worker/tasks/{shop.pk}/{order.pk}/"))
    sign_in(worker, shop.worker_phones[1])
    expect(worker.locator("#purchase-needs")).to_contain_text("Bring: Polish × 2")
    expect(worker.locator("#purchase-variant")).to_have_text("Hourly")
    expect(worker.get_by_role("button", name="Accept")).to_be_visible()
    expect(worker.locator("body")).not_to_contain_text("¥")
    expect(worker.locator("body")).not_to_contain_text("rude")
    worker.screenshot(path=str(tmp_path / "worker-task.png"), full_page=True)
    worker.get_by_role("button", name="Accept").click()
    expect(worker.locator("#task-status")).to_have_text("Worker confirmed")

    # the worker has said yes: now the customer sees who is coming
    customer.reload()
    expect(customer.locator("#order-worker")).to_contain_text("Mo")

    # the office sees it all
    office = new_page()
    office.goto(live.url(shop.slug, f"/office/orders/{order.pk}/"))
    sign_in(office, shop.owner_phone)
    expect(office.locator("#purchase-add-ons")).to_contain_text("Polish × 2")
    expect(office.locator("#timeline-events")).to_contain_text("Lei was rude last time")

    # reassigning to the worker who has it changes nothing and says so
    office.get_by_label("Worker").select_option(label="Mo Worker")
    office.get_by_role("button", name="Reassign").click()
    expect(office.get_by_role("status")).to_contain_text("The order is already with Mo Worker; nothing changed.")
    expect(office.locator("#timeline-events li")).to_have_count(5)  # book, pay, assign, reassign, accept


def test_a_worker_cannot_start_days_early_and_is_told_from_when(live, new_page, shop, tmp_path):
    from tenant_apps.orders.services import lifecycle
    from tests.workforce.builders import SHANGHAI

    order = _book(shop, workers=(shop.workers[0].pk,))
    worker_profile = shop.workers[0]
    with schema_context(shop.schema_name):
        user = worker_profile.staff_member.user
        order = lifecycle.accept_task(actor=user, worker=worker_profile, order=order)
        order = lifecycle.set_off(actor=user, worker=worker_profile, order=order, eta_minutes=5)
        lifecycle.arrive(actor=user, worker=worker_profile, order=order,
                         location=(SHANGHAI.latitude, SHANGHAI.longitude))

    worker = new_page()
    worker.goto(live.url(None, f"/worker/tasks/{shop.pk}/{order.pk}/"))
    sign_in(worker, shop.worker_phones[0])
    expect(worker.locator("#early-warning")).to_contain_text("You can start this visit from")
    expect(worker.get_by_role("button", name="Start")).to_have_count(0)
    worker.screenshot(path=str(tmp_path / "worker-early.png"), full_page=True)


def test_held_times_show_on_the_service_page_and_in_the_account_and_can_be_released(live, page, shop, tmp_path):
    page.goto(live.url(shop.slug, "/login/"))
    sign_in(page, People.PHONES["customer_a"])
    page.goto(live.url(shop.slug, f"/services/{shop.service.pk}/"))
    expect(page.locator("#calendar table.month")).to_be_visible()
    page.get_by_role("button", name="Earliest available").click()
    settle(page)
    page.get_by_role("button", name="Hold this time").click()
    expect(page.locator("#hold-status")).to_contain_text("Held for you until")

    # coming back to the service page shows the hold
    page.goto(live.url(shop.slug, f"/services/{shop.service.pk}/"))
    held = page.locator("#holds [data-hold]")
    expect(held).to_have_count(1)
    expect(held.get_by_role("link", name="Book this time")).to_be_visible()
    page.screenshot(path=str(tmp_path / "service-hold.png"), full_page=True)

    # the account lists it, and releasing it frees it
    page.goto(live.url(shop.slug, "/account/"))
    expect(page.locator("#holds")).to_contain_text("Deep clean")
    page.screenshot(path=str(tmp_path / "account-holds.png"), full_page=True)
    page.locator("#holds").get_by_role("button", name="Release").click()
    expect(page.get_by_role("status")).to_contain_text("The held time is released.")
    expect(page.locator("#holds")).to_have_count(0)


def test_the_calendar_survives_a_variant_change_and_explains_a_typed_time(live, page, shop, tmp_path):
    page.goto(live.url(shop.slug, "/login/"))
    sign_in(page, People.PHONES["customer_a"])
    page.goto(live.url(shop.slug, f"/services/{shop.service.pk}/"))
    expect(page.locator("#calendar table.month")).to_be_visible()
    expect(page.get_by_label("Hours")).to_have_value("180")

    page.get_by_text("Whole flat").click()
    settle(page)
    expect(page.locator("#calendar")).not_to_contain_text("is not one of the available choices")
    expect(page.locator("#calendar table.month")).to_be_visible()

    # a typed time nobody can take, on another day than the one shown: the calendar turns to that
    # day and says why instead of hiding the hold button
    shown = page.locator("#cal-day").input_value()
    day = page.locator(f"#calendar button.day.has-slots:not([data-date='{shown}'])").first.get_attribute("data-date")
    page.get_by_label("Start").fill(f"{day}T23:30")
    page.get_by_label("Start").dispatch_event("change")
    settle(page)
    expect(page.locator("#start-unavailable")).to_contain_text(re.compile("Nobody is free to start at|too soon"))
    expect(page.locator("#cal-day")).to_have_value(day)
    page.screenshot(path=str(tmp_path / "typed-start.png"), full_page=True)


def test_the_customer_moves_a_visit_by_the_calendars_free_times(live, page, shop, tmp_path):
    order = _book(shop, workers=(shop.workers[0].pk,), add_ons=False)
    page.goto(live.url(shop.slug, f"/orders/{order.pk}/reschedule/"))
    sign_in(page, People.PHONES["customer_a"])
    expect(page.locator("#slot-picker table.month")).to_be_visible()
    expect(page.locator('input[type="datetime-local"]')).to_have_count(0)
    page.locator("#slot-picker a.day.has-slots").nth(2).click()
    first = page.locator("#day-view label.slot").first
    expect(first).to_be_visible()
    first.click()
    page.screenshot(path=str(tmp_path / "reschedule.png"), full_page=True)
    page.get_by_role("button", name="Ask to move").click()
    expect(page.get_by_role("status")).to_contain_text("Your request to move the visit is sent")


def test_booking_the_same_time_from_two_tabs_warns_of_the_duplicate(live, new_page, shop):
    from tenant_apps.catalog.pricing import QuoteRequest
    from tenant_apps.catalog.quotes import make_quote
    from tenant_apps.scheduling.selectors import JobRequest
    from tenant_apps.scheduling.services import HoldRequest, place_hold
    from tests.workforce.builders import SHANGHAI

    first = _book(shop, workers=(shop.workers[0].pk,), add_ons=False)
    with schema_context(shop.schema_name):
        quote = make_quote(request=QuoteRequest(service_id=shop.service.pk, start=first.starts_at,
                                                variant_id=shop.service.v[0].pk, duration_minutes=180,
                                                location=SHANGHAI, customer_id=shop.customer.pk))
        hold = place_hold(actor=shop.customer_user, customer=shop.customer, request=HoldRequest(job=JobRequest(
            service_id=shop.service.pk, variant_id=shop.service.v[0].pk, duration_minutes=180, location=SHANGHAI),
            start=first.starts_at))
    page = new_page()
    page.goto(live.url(shop.slug, f"/book/?hold={hold.hold_id}&quote={quote.token}"))
    sign_in(page, People.PHONES["customer_a"])
    expect(page.locator("#duplicate-order")).to_contain_text(f"You already have order #{first.pk}")
    expect(page.get_by_label("Yes, book another visit at the same time")).to_be_visible()
