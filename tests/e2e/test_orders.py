"""Orders in the browser: a customer follows their order while the worker accepts it and sets off in
the worker app, then cancels another order after seeing the fee. The orders are booked through the
real services in a company of the test's own (committed; removed with its notifications after)."""
import re

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.e2e.conftest import forget_notifications, unique_phone, unique_slug
from tests.support import PASSWORD, People

pytestmark = pytest.mark.e2e


def sign_in_with_password(page, identifier: str) -> None:
    page.get_by_role("link", name="Password").click()
    page.get_by_label("Mobile number or email").fill(identifier)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def _book_paid(*, customer_user, customer, service, start):
    from shared_apps.core.actor import SYSTEM
    from tenant_apps.catalog.pricing import QuoteRequest
    from tenant_apps.catalog.quotes import make_quote
    from tenant_apps.orders.services.booking import BookingDetails, book_order, mark_order_paid
    from tenant_apps.scheduling.selectors import JobRequest
    from tenant_apps.scheduling.services import HoldRequest, place_hold
    from tests.workforce.builders import SHANGHAI

    quote = make_quote(request=QuoteRequest(service_id=service.pk, start=start, location=SHANGHAI,
                                            customer_id=customer.pk))
    hold = place_hold(actor=customer_user, customer=customer, request=HoldRequest(
        job=JobRequest(service_id=service.pk, location=SHANGHAI), start=start))
    order = book_order(actor=customer_user, customer=customer, quote_token=quote.token, hold_id=str(hold.hold_id),
                       details=BookingDetails(address_line="8 Bund Road", district="Huangpu",
                                              latitude=SHANGHAI.latitude, longitude=SHANGHAI.longitude,
                                              contact_name="Cathy", contact_phone=People.PHONES["customer_a"]))
    return mark_order_paid(actor=SYSTEM, order=order)


@pytest.fixture
def two_orders(world):
    """A company of its own with one worker and two paid orders of customer_a, offered to the worker."""
    from shared_apps.accounts.models import User
    from tenant_apps.catalog import services as catalog
    from tenant_apps.people.services import ensure_customer
    from tenants.services import OwnerInput, sign_up_company
    from tests.workforce.builders import at, company_day, make_service, make_worker

    owner_phone, worker_phone = unique_phone(), unique_phone()
    company = sign_up_company(
        name="Track Cleaning", slug=unique_slug("track"), vertical="housekeeping",
        owner=OwnerInput(phone=owner_phone, email=None, password=PASSWORD, name="Tang Owner"),
    ).company
    owner = User.objects.get(phone=owner_phone)
    with schema_context(company.schema_name):
        service = make_service(owner, skills=("e2e",), name="Window cleaning")
        catalog.set_cancellation_policy(actor=owner, service=service, tiers=[
            {"hours_before": 24, "percent": 0}, {"hours_before": 2, "percent": 20}])
        make_worker(owner, company, skills=("e2e",), name="Lei Worker", phone=worker_phone)
        customer = ensure_customer(company=company, user=world.customer_a)
        day = company_day(company, 3)
        orders = [_book_paid(customer_user=world.customer_a, customer=customer, service=service,
                             start=at(company, day, hour)) for hour in (10, 14)]
    worker_user = User.objects.get(phone=worker_phone)
    worker_user.set_password(PASSWORD)
    worker_user.save(update_fields=["password"])
    yield company, worker_phone, orders
    # The company's schema and the worker go with the package's clean-up; their messages go here.
    forget_notifications(company)


def test_customer_follows_the_worker_and_cancels_another_order_after_seeing_the_fee(live, new_page, two_orders):
    company, worker_phone, (first, second) = two_orders

    # the customer finds the order in My orders
    customer = new_page()
    customer.goto(live.url(company.slug, "/orders/"))
    sign_in_with_password(customer, People.PHONES["customer_a"])
    expect(customer).to_have_url(live.url(company.slug, "/orders/"))
    expect(customer.locator("#orders li")).to_have_count(2)
    customer.locator(f'[data-order="{first.pk}"] a').click()
    expect(customer.locator("#order-status")).to_have_text("Offered to a worker")
    expect(customer.locator("#order-worker")).to_have_count(0)  # nobody has said yes yet

    # the worker accepts it and sets off in the worker app
    worker = new_page()
    worker.goto(live.url(None, "/worker/tasks/"))
    sign_in_with_password(worker, worker_phone)
    expect(worker).to_have_url(live.url(None, "/worker/tasks/"))
    worker.locator(f'[data-task="{company.pk}-{first.pk}"] a').click()
    expect(worker.locator("#task-address")).to_contain_text("approximate")
    worker.get_by_role("button", name="Accept").click()
    expect(worker.locator("#task-address")).to_contain_text("8 Bund Road")
    worker.get_by_label("Arriving in (minutes)").fill("25")
    worker.get_by_role("button", name="On the way").click()
    expect(worker.locator("#task-status")).to_have_text("On the way")

    # the customer's page, left open, follows without a reload
    expect(customer.locator("#order-status")).to_have_text("On the way")
    expect(customer.locator("#order-worker")).to_contain_text("Lei")
    expect(customer.locator("#timeline-events")).to_contain_text("Worker accepted")
    expect(customer.locator("#eta")).to_be_visible()

    # the customer cancels the other order after seeing what it costs
    customer.goto(live.url(company.slug, f"/orders/{second.pk}/"))
    customer.get_by_role("link", name="Cancel order").click()
    expect(customer.locator("#cancel-fee")).to_have_text("Cancelling now is free.")
    customer.get_by_label("Reason").fill("Plans changed")
    customer.get_by_role("button", name="Cancel the order").click()
    expect(customer.get_by_role("status")).to_contain_text("Your order is cancelled.")
    expect(customer.locator("#order-status")).to_have_text("Cancelled")
    expect(customer.locator("#timeline-events")).to_contain_text(re.compile("Cancelled by the customer"))


@pytest.fixture
def bookable_company(world):
    """A company of its own with one cleaner who works every day and one service (no orders yet)."""
    from shared_apps.accounts.models import User
    from tenants.services import OwnerInput, sign_up_company
    from tests.workforce.builders import make_service, make_worker

    owner_phone = unique_phone()
    company = sign_up_company(
        name="Book Cleaning", slug=unique_slug("book"), vertical="housekeeping",
        owner=OwnerInput(phone=owner_phone, email=None, password=PASSWORD, name="Bo Owner"),
    ).company
    owner = User.objects.get(phone=owner_phone)
    with schema_context(company.schema_name):
        service = make_service(owner, skills=("e2e",), name="Sofa cleaning")
        make_worker(owner, company, skills=("e2e",), name="Bao Worker")
    yield company, service
    forget_notifications(company)


def test_a_customer_holds_a_time_and_books_it(live, new_page, bookable_company):
    company, service = bookable_company
    page = new_page()
    page.goto(live.url(company.slug, "/login/"))
    sign_in_with_password(page, People.PHONES["customer_a"])

    # choose the earliest time on the service page and hold it
    page.goto(live.url(company.slug, f"/services/{service.pk}/"))
    expect(page.locator("#calendar table.month")).to_be_visible()
    page.get_by_role("button", name="Earliest available").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Hold this time").click()
    expect(page.locator("#hold-status")).to_contain_text("Held for you until")

    # book it with the address and a contact
    page.get_by_role("link", name="Book this time").click()
    page.get_by_label("Street address").fill("8 Bund Road")
    page.get_by_label("Building, room").fill("Room 5")
    page.get_by_label("District").fill("Huangpu")
    page.get_by_label("Contact name").fill("Cathy")
    page.get_by_label("Contact phone").fill(People.PHONES["customer_a"])
    page.get_by_role("button", name="Place order").click()

    expect(page.locator("#order-status")).to_be_visible()
    expect(page.locator("#pay-by")).to_contain_text("Waiting for payment")


def test_customer_asks_to_move_an_order_and_the_worker_approves_it(live, new_page, two_orders):
    from datetime import timedelta
    from zoneinfo import ZoneInfo

    from django.utils import formats, timezone, translation

    company, worker_phone, (first, _second) = two_orders
    zone = ZoneInfo(company.time_zone)
    new_start = (first.starts_at + timedelta(days=1)).astimezone(zone)  # the next day, same hour
    with timezone.override(zone), translation.override("en"):
        shown = formats.date_format(timezone.localtime(new_start), "DATETIME_FORMAT")

    # the customer sees that moving is free and asks for the next day
    customer = new_page()
    customer.goto(live.url(company.slug, "/login/"))
    sign_in_with_password(customer, People.PHONES["customer_a"])
    customer.goto(live.url(company.slug, f"/orders/{first.pk}/"))
    customer.get_by_role("link", name="Reschedule").click()
    expect(customer.locator("#reschedule-fee")).to_have_text("Moving now is free.")
    customer.goto(live.url(company.slug, f"/orders/{first.pk}/reschedule/?day={new_start.date().isoformat()}"))
    customer.locator("#day-view label.slot").filter(has_text=new_start.strftime("%H:%M")).click()
    customer.get_by_label("Reason").fill("A meeting came up")
    customer.get_by_role("button", name="Ask to move").click()
    expect(customer.get_by_role("status")).to_contain_text("Your request to move the visit is sent")
    expect(customer.locator("#reschedule-request")).to_contain_text("waiting for your worker")

    # the worker approves it in the worker app
    worker = new_page()
    worker.goto(live.url(None, "/worker/tasks/"))
    sign_in_with_password(worker, worker_phone)
    worker.goto(live.url(None, f"/worker/tasks/{company.pk}/{first.pk}/"))
    expect(worker.locator("#reschedule-request")).to_contain_text("The customer asks to move the visit")
    worker.get_by_role("button", name="Approve the move").click()
    expect(worker.get_by_role("status")).to_contain_text("The visit is moved.")

    # the customer's order page shows the new time
    customer.reload()
    expect(customer.locator("#order-when")).to_contain_text(shown)
    expect(customer.locator("#reschedule-request")).to_have_count(0)
    expect(customer.locator("#timeline-events")).to_contain_text("Move approved")
