"""The daily reconciliation report in Chromium: the customer pays an order on the sandbox gateway's page
(its signed notification delivered by the real Celery worker to gunicorn), then the owner opens today's report,
sees the payment matched across ledger and provider, and downloads the same row as CSV."""
from __future__ import annotations

import csv
import io

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.e2e.conftest import unique_phone, unique_slug
from tests.e2e.test_checkout import _book
from tests.e2e.test_earnings import sign_in
from tests.e2e.test_orders import sign_in_with_password
from tests.payment_providers.receiver import remove_sandbox_merchant
from tests.support import PASSWORD, People

pytestmark = pytest.mark.e2e


@pytest.fixture
def unpaid_order(world):
    """A company of its own (sandbox payments) with one worker and an unpaid order, and its owner's phone."""
    from shared_apps.accounts.models import User
    from shared_apps.notifications.models import Notification, Outbox
    from tenant_apps.people.services import ensure_customer
    from tenants.services import OwnerInput, sign_up_company
    from tests.workforce.builders import at, company_day, make_service, make_worker

    owner_phone = unique_phone()
    company = sign_up_company(
        name="Ledger Cleaning", slug=unique_slug("ledger"), vertical="housekeeping",
        owner=OwnerInput(phone=owner_phone, email=None, password=PASSWORD, name="Lu Owner"),
    ).company
    owner = User.objects.get(phone=owner_phone)
    with schema_context(company.schema_name):
        service = make_service(owner, skills=("e2e",), name="Window cleaning")
        make_worker(owner, company, skills=("e2e",), name="Lei Worker", phone=unique_phone())
        customer = ensure_customer(company=company, user=world.customer_a)
        order = _book(customer_user=world.customer_a, customer=customer, service=service,
                      start=at(company, company_day(company, 3), 10))
    yield company, owner_phone, order
    Notification.objects.filter(company_id=company.pk).delete()
    Outbox.objects.filter(company_id=company.pk).delete()
    remove_sandbox_merchant(f"sandbox-{company.pk}")


def test_finance_opens_the_days_report_and_downloads_it_as_csv(live, new_page, unpaid_order):
    from django.utils import timezone

    from tenant_apps.payments.models import Payment

    company, owner_phone, order = unpaid_order
    customer = new_page()
    customer.goto(live.url(company.slug, f"/orders/{order.pk}/"))
    sign_in_with_password(customer, People.PHONES["customer_a"])
    customer.locator('[data-kind="full"]').get_by_role("button", name="Pay with Sandbox (test)").click()
    customer.get_by_role("button", name="Pay ¥").click()
    expect(customer.get_by_role("status")).to_have_text("Payment succeeded")
    customer.get_by_role("link", name="Back to the merchant").click()
    expect(customer.locator("#payment-state")).to_have_attribute("data-state", "paid", timeout=20_000)
    with schema_context(company.schema_name):
        payment = Payment.objects.get(order_id=order.pk)

    day = timezone.localdate(timezone=__import__("zoneinfo").ZoneInfo(company.time_zone)).isoformat()
    page = new_page()
    sign_in(page, live.url(company.slug, "/office/login/?with=password"), owner_phone)

    page.goto(live.url(company.slug, "/office/finance/reconciliation/"))
    page.get_by_label("Day", exact=True).fill(day)
    page.get_by_role("button", name="Show").click()
    row = page.locator(f'#reconciliation tr[data-payment="{payment.pk}"]')
    expect(row).to_have_attribute("data-outcome", "matched")
    expect(row).to_contain_text("Matched")
    expect(page.locator('#summary [data-outcome="matched"]')).to_contain_text("1")

    with page.expect_download() as download_info:
        page.locator("#csv").click()
    download = download_info.value
    assert download.suggested_filename == f"reconciliation-{day}.csv"
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    assert [(r["reference"], r["amount_fen"], r["ledger_fen"], r["provider_fen"], r["outcome"]) for r in rows] == [
        (payment.reference, str(payment.amount_fen), str(payment.amount_fen), str(payment.amount_fen), "matched")]
