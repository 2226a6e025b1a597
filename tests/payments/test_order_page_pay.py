"""The customer's order page: Pay with the company's methods (the sandbox by default), in full or a
deposit when the company asks one; Payment processing until the notification, then Paid; a receipt."""
from __future__ import annotations

import pytest
from django.test import Client

from tenant_apps.payments.locks import lock_payment_settings
from tenant_apps.payments.models import Payment
from tests.orders.conftest import World
from tests.payments.checkout_helpers import notify


@pytest.fixture
def world(people):
    return World(people)


@pytest.fixture
def browser(world):
    client = Client(HTTP_HOST=f"{world.company.slug}.localhost")
    client.force_login(world.people.customer_a)
    return client


def test_the_order_page_offers_pay_then_shows_processing_then_paid(world, browser, client_for):
    order = world.book()

    page = browser.get(f"/orders/{order.pk}/").content.decode()
    assert 'id="pay"' in page and "Pay with Sandbox (test)" in page
    assert "Nothing to pay here" not in page

    answer = browser.post(f"/orders/{order.pk}/pay/", {"kind": "full", "method": "sandbox"})
    assert answer.status_code == 302 and "/sandbox-pay/" in answer["Location"]

    page = browser.get(f"/orders/{order.pk}/").content.decode()
    assert 'data-state="processing"' in page

    notify(client_for(world.company), world.company, Payment.objects.get(order_id=order.pk))

    page = browser.get(f"/orders/{order.pk}/").content.decode()
    assert 'data-state="paid"' in page and 'id="pay"' not in page
    receipt = browser.get(f"/orders/{order.pk}/receipt/").content.decode()
    assert Payment.objects.get(order_id=order.pk).reference in receipt


def test_with_a_deposit_policy_the_customer_pays_the_share_then_the_balance_after_the_visit(world, browser,
                                                                                          client_for):
    from django.db import transaction

    with transaction.atomic():
        row = lock_payment_settings()
        row.deposit_policy, row.deposit_percent = "percent", 30
        row.save()
    order = world.book()

    page = browser.get(f"/orders/{order.pk}/").content.decode()
    assert 'data-kind="deposit"' in page and 'data-kind="full"' in page

    browser.post(f"/orders/{order.pk}/pay/", {"kind": "deposit", "method": "sandbox"})
    deposit = Payment.objects.get(order_id=order.pk)
    assert deposit.amount_fen == (order.total * 30 + 50) // 100
    notify(client_for(world.company), world.company, deposit)
    order.refresh_from_db()
    assert order.paid_at is not None  # a deposit counts as paid: the visit is dispatched

    from tenant_apps.orders.models import Order

    Order.objects.filter(pk=order.pk).update(status="completed")
    page = browser.get(f"/orders/{order.pk}/").content.decode()
    assert 'data-kind="balance"' in page

    browser.post(f"/orders/{order.pk}/pay/", {"kind": "balance", "method": "sandbox"})
    balance = Payment.objects.get(order_id=order.pk, kind="balance")
    assert balance.amount_fen == order.total - deposit.amount_fen
    notify(client_for(world.company), world.company, balance)
    page = browser.get(f"/orders/{order.pk}/").content.decode()
    assert 'data-state="paid"' in page and 'id="pay"' not in page
