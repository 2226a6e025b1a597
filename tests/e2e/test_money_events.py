"""Money events in Chromium with gunicorn and a real Celery worker: the owner adds the company's
endpoint on the office's Webhooks page and copies the secret shown once; a customer pays on the
sandbox page; the worker delivers the signed payment.succeeded event to a real local HTTP server;
the delivery log then says Delivered."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tenant_apps.payments.webhooks import HEADER, verify_event
from tests.e2e.test_earnings import sign_in
from tests.e2e.test_finance_report import unpaid_order  # noqa: F401 (the fixture)
from tests.e2e.test_orders import sign_in_with_password
from tests.payment_providers.receiver import Receiver
from tests.processes import wait_for
from tests.support import People

pytestmark = pytest.mark.e2e


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.server.shutdown()


def test_the_owner_adds_an_endpoint_and_the_payment_arrives_there_signed(
        live, new_page, unpaid_order, receiver):  # noqa: F811 (the imported fixture)
    company, owner_phone, order = unpaid_order
    office = new_page()
    sign_in(office, live.url(company.slug, "/office/login/?with=password"), owner_phone)

    # given the owner on the Webhooks page: a bad address is refused on the form
    office.goto(live.url(company.slug, "/office/finance/webhooks/"))
    expect(office.locator("#endpoints-empty")).to_be_visible()
    office.get_by_label("Endpoint address").fill("ftp://example.com/events")
    office.get_by_role("button", name="Add endpoint").click()
    expect(office.locator("#webhook-url-error")).to_contain_text("Enter an https:// address")
    # then the company's receiver is added and its secret shown once
    office.get_by_label("Endpoint address").fill(receiver.url)
    office.get_by_role("button", name="Add endpoint").click()
    expect(office.locator("#new-secret")).to_contain_text("shown only now")
    secret = office.locator("#secret-value").inner_text()
    expect(office.locator("#endpoints")).to_contain_text(receiver.url)
    expect(office.locator("#endpoints")).to_contain_text(f"ends in …{secret[-4:]}")

    # when a customer pays on the sandbox gateway's page
    customer = new_page()
    customer.goto(live.url(company.slug, f"/orders/{order.pk}/"))
    sign_in_with_password(customer, People.PHONES["customer_a"])
    customer.locator('[data-kind="full"]').get_by_role("button", name="Pay with Sandbox (test)").click()
    customer.get_by_role("button", name="Pay ¥").click()
    expect(customer.get_by_role("status")).to_have_text("Payment succeeded")

    # then the Celery worker delivers the signed event to the company's server
    wait_for(lambda: len(receiver.received) >= 1, timeout=30, message="the money event")
    headers, body = receiver.received[0]
    verify_event(secret=secret, header=headers[HEADER], body=body)
    event = json.loads(body)
    assert (event["type"], event["data"]["order_id"], event["data"]["amount_fen"]) == (
        "payment.succeeded", order.pk, order.total)
    # and the office's delivery log says so
    office.goto(live.url(company.slug, "/office/finance/webhooks/"))
    expect(office.locator("#deliveries tr[data-status='delivered']")).to_contain_text("Payment succeeded")
    expect(office.locator("#deliveries .last-answer")).to_have_text("HTTP 200")
    assert office.evaluate("document.documentElement.scrollWidth") <= 390  # the log scrolls inside its box
    office.screenshot(path="/tmp/doorstep-e2e-webhooks.png", full_page=True)
