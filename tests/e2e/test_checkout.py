"""Checkout in Chromium at phone size, with gunicorn and a real Celery worker: the customer presses
Pay on the order page, pays on the sandbox gateway's page, comes back and sees Paid once the worker
has delivered the signed notification; then cancels and sees the refund the policy gives back."""
from __future__ import annotations

from pathlib import Path

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.e2e.conftest import forget_notifications, unique_phone, unique_slug
from tests.e2e.test_orders import sign_in_with_password
from tests.payment_providers.receiver import remove_sandbox_merchant
from tests.pdf_text import pdf_lines
from tests.processes import wait_for
from tests.support import PASSWORD, People

pytestmark = pytest.mark.e2e
SCREENSHOT = "/tmp/doorstep-e2e-checkout.png"


def _book(*, customer_user, customer, service, start):
    from tenant_apps.catalog.pricing import QuoteRequest
    from tenant_apps.catalog.quotes import make_quote
    from tenant_apps.orders.services.booking import BookingDetails, book_order
    from tenant_apps.scheduling.selectors import JobRequest
    from tenant_apps.scheduling.services import HoldRequest, place_hold
    from tests.workforce.builders import SHANGHAI

    quote = make_quote(request=QuoteRequest(service_id=service.pk, start=start, location=SHANGHAI,
                                            customer_id=customer.pk))
    hold = place_hold(actor=customer_user, customer=customer, request=HoldRequest(
        job=JobRequest(service_id=service.pk, location=SHANGHAI), start=start))
    return book_order(actor=customer_user, customer=customer, quote_token=quote.token, hold_id=str(hold.hold_id),
                      details=BookingDetails(address_line="8 Bund Road", district="Huangpu",
                                             latitude=SHANGHAI.latitude, longitude=SHANGHAI.longitude,
                                             contact_name="Cathy", contact_phone=People.PHONES["customer_a"]))


@pytest.fixture
def unpaid_order(world):
    """A company of its own (sandbox payments, the default) with one worker and an unpaid order."""
    from shared_apps.accounts.models import User
    from tenant_apps.catalog import services as catalog
    from tenant_apps.people.services import ensure_customer
    from tenants.services import OwnerInput, sign_up_company
    from tests.workforce.builders import at, company_day, make_service, make_worker

    owner_phone = unique_phone()
    company = sign_up_company(
        name="Pay Cleaning", slug=unique_slug("pay"), vertical="housekeeping",
        owner=OwnerInput(phone=owner_phone, email=None, password=PASSWORD, name="Pan Owner"),
    ).company
    owner = User.objects.get(phone=owner_phone)
    with schema_context(company.schema_name):
        service = make_service(owner, skills=("e2e",), name="Window cleaning")
        catalog.set_cancellation_policy(actor=owner, service=service, tiers=[
            {"hours_before": 24, "percent": 0}, {"hours_before": 2, "percent": 20}])
        make_worker(owner, company, skills=("e2e",), name="Lei Worker", phone=unique_phone())
        customer = ensure_customer(company=company, user=world.customer_a)
        order = _book(customer_user=world.customer_a, customer=customer, service=service,
                      start=at(company, company_day(company, 3), 10))
    yield company, order
    forget_notifications(company)
    remove_sandbox_merchant(f"sandbox-{company.pk}")


def test_the_customer_pays_on_the_sandbox_page_sees_paid_then_cancels_and_sees_the_refund(live, new_page,
                                                                                        unpaid_order):
    from tenant_apps.payments.models import Refund, RefundStatus

    company, order = unpaid_order
    page = new_page()
    page.goto(live.url(company.slug, f"/orders/{order.pk}/"))
    sign_in_with_password(page, People.PHONES["customer_a"])
    expect(page.locator("#payment-how")).to_have_text("Waiting for payment: pay online below.")

    # given the order page's Pay section, when the customer pays on the gateway's page
    page.locator('[data-kind="full"]').get_by_role("button", name="Pay with Sandbox (test)").click()
    expect(page.locator(".sandbox-amount")).to_be_visible()
    page.get_by_role("button", name="Pay ¥").click()
    expect(page.get_by_role("status")).to_have_text("Payment succeeded")
    page.get_by_role("link", name="Back to the merchant").click()

    # then the order page says Paid once the Celery worker has delivered the notification
    expect(page.locator("#payment-state")).to_have_attribute("data-state", "paid", timeout=20_000)
    expect(page.locator("#order-status")).not_to_have_text("Waiting for payment")
    expect(page.locator("#pay")).to_have_count(0)  # the page reloaded itself when the money arrived
    expect(page.locator("#order-payment")).to_contain_text("paid")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=SCREENSHOT, full_page=True)

    # the receipt page offers the PDF; the download lists the line and the payment
    page.locator("#receipt-link").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the receipt (PDF)").click()
    assert download.value.suggested_filename == f"receipt-{order.pk}.pdf"
    text = "\n".join(pdf_lines(Path(download.value.path()).read_bytes()))
    with schema_context(company.schema_name):
        from tenant_apps.payments.models import Payment

        reference = Payment.objects.get(order_id=order.pk).reference
    assert "Window cleaning" in text and reference in text
    assert f"￥{order.total // 100}.{order.total % 100:02d}" in text
    page.go_back()

    # when the customer cancels three days ahead (free by the policy), everything comes back
    page.get_by_role("link", name="Cancel order").click()
    page.get_by_label("Reason").fill("Plans changed")
    page.get_by_role("button", name="Cancel the order").click()
    expect(page.locator("#order-status")).to_have_text("Refunded")
    expect(page.locator("#payment-state .refund")).to_contain_text(f"¥{order.total // 100}")
    with schema_context(company.schema_name):
        wait_for(lambda: Refund.objects.filter(status=RefundStatus.SUCCEEDED).exists(), timeout=20,
                 message="the sandbox's refund notification")
        from tenant_apps.ledger.models import AccountKind
        from tenant_apps.ledger.selectors import balance_of, ledger_total

        assert ledger_total() == 0
        assert balance_of(kind=AccountKind.PROVIDER_CLEARING, provider="sandbox") == 0  # all of it went back
        assert balance_of(kind=AccountKind.REFUNDS_PAYABLE) == 0
    page.reload()
    expect(page.locator("#payment-state .refund")).to_have_attribute("data-status", "succeeded")
    page.screenshot(path=SCREENSHOT.replace(".png", "-refunded.png"), full_page=True)


@pytest.fixture
def deposit_order(world):
    """A company asking a 30 % deposit, with one worker and an unpaid order."""
    from shared_apps.accounts.models import User
    from tenant_apps.payments.services import update_payment_settings
    from tenant_apps.people.services import ensure_customer
    from tenants.services import OwnerInput, sign_up_company
    from tests.workforce.builders import at, company_day, make_service, make_worker

    owner_phone = unique_phone()
    company = sign_up_company(
        name="Deposit Cleaning", slug=unique_slug("deposit"), vertical="housekeeping",
        owner=OwnerInput(phone=owner_phone, email=None, password=PASSWORD, name="Deng Owner"),
    ).company
    owner = User.objects.get(phone=owner_phone)
    with schema_context(company.schema_name):
        update_payment_settings(actor=owner, use_sandbox=True, deposit_policy="percent", deposit_percent=30,
                                methods={})
        service = make_service(owner, skills=("e2e",), name="Window cleaning")
        make_worker(owner, company, skills=("e2e",), name="Lei Worker", phone=unique_phone())
        customer = ensure_customer(company=company, user=world.customer_a)
        order = _book(customer_user=world.customer_a, customer=customer, service=service,
                      start=at(company, company_day(company, 3), 10))
    yield company, order
    forget_notifications(company)
    remove_sandbox_merchant(f"sandbox-{company.pk}")


def _visit_done(company, order) -> None:
    """The worker accepts, goes, works and finishes (through the services, at the visit's time)."""
    from tenant_apps.orders.models import Order
    from tenant_apps.orders.services import lifecycle

    with schema_context(company.schema_name):
        order = Order.objects.select_related("worker__staff_member__user").get(pk=order.pk)
        worker, user, at = order.worker, order.worker.staff_member.user, order.starts_at
        order = lifecycle.accept_task(actor=user, worker=worker, order=order, now=at)
        order = lifecycle.set_off(actor=user, worker=worker, order=order, eta_minutes=5, now=at)
        order = lifecycle.arrive(actor=user, worker=worker, order=order, location=None, now=at)
        order = lifecycle.start_service(actor=user, worker=worker, order=order, now=at)
        lifecycle.complete_task(actor=user, worker=worker, order=order, now=at)


def pay_on_the_sandbox_page(page, kind: str) -> None:
    page.locator(f'[data-kind="{kind}"]').get_by_role("button", name="Pay with Sandbox (test)").click()
    page.get_by_role("button", name="Pay ¥").click()
    expect(page.get_by_role("status")).to_have_text("Payment succeeded")
    page.get_by_role("link", name="Back to the merchant").click()


def test_the_customer_pays_a_deposit_then_the_balance_after_the_visit(live, new_page, deposit_order):
    from tenant_apps.ledger.models import AccountKind
    from tenant_apps.ledger.selectors import balance_of, ledger_total

    company, order = deposit_order
    deposit = (order.total * 30 + 50) // 100
    page = new_page()
    page.goto(live.url(company.slug, f"/orders/{order.pk}/"))
    sign_in_with_password(page, People.PHONES["customer_a"])

    pay_on_the_sandbox_page(page, "deposit")
    expect(page.locator("#payment-state")).to_have_attribute("data-state", "paid", timeout=20_000)
    expect(page.locator("#payment-state")).to_contain_text(f"Deposit paid: ¥{deposit // 100}.{deposit % 100:02d}")

    _visit_done(company, order)
    page.reload()
    pay_on_the_sandbox_page(page, "balance")
    expect(page.locator("#payment-state")).to_have_text("Paid", timeout=20_000)
    page.screenshot(path=SCREENSHOT.replace(".png", "-balance.png"), full_page=True)
    with schema_context(company.schema_name):
        assert balance_of(kind=AccountKind.PROVIDER_CLEARING, provider="sandbox") == -order.total
        assert balance_of(kind=AccountKind.DEPOSITS_HELD) == 0  # the visit was done: released to revenue
        assert ledger_total() == 0
        from shared_apps.core.actor import SYSTEM
        from tenant_apps.earnings.models import Earning, EarningStatus
        from tenant_apps.earnings.services.earning import settle_due_earnings

        settle_due_earnings(actor=SYSTEM)  # a share larger than the deposit waited for the balance
        assert Earning.objects.get(order_id=order.pk).status == EarningStatus.PENDING
        assert ledger_total() == 0
