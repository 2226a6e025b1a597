"""Checkout: paying an order through the sandbox, the provider's notification processed once and
checked against the payment, the ledger's postings, and the order paid."""
from __future__ import annotations

import pytest

from tenant_apps.orders.models import Order, OrderStatus
from tenant_apps.payments.models import EventOutcome, Payment, PaymentStatus, ProviderEvent
from tests.orders.conftest import World
from tests.payments.checkout_helpers import notify, pay_api


@pytest.fixture
def world(people):
    return World(people)


@pytest.fixture
def customer_api(world, client_for):
    return client_for(world.company, world.people.customer_a)


@pytest.fixture
def hook_client(world, client_for):
    return client_for(world.company)


def journal_of(order):
    from tenant_apps.ledger.models import JournalTransaction

    return list(JournalTransaction.objects.filter(order_id=order.pk).order_by("pk").values_list("kind", flat=True))


def test_paying_in_full_then_the_notification_makes_the_order_paid(world, customer_api, hook_client):
    order = world.book()

    answer = pay_api(customer_api, order)

    assert answer.status_code == 201, answer.content
    payment = Payment.objects.get(pk=answer.json()["payment_id"])
    assert "/sandbox-pay/" in answer.json()["redirect_url"]
    assert (payment.status, payment.amount_fen) == (PaymentStatus.PENDING, order.total)

    assert notify(hook_client, world.company, payment).status_code == 200

    order.refresh_from_db()
    payment.refresh_from_db()
    assert order.status == OrderStatus.PENDING_DISPATCH or order.status == OrderStatus.ASSIGNED
    assert order.paid_at is not None and order.payment_reference == payment.reference
    assert payment.status == PaymentStatus.SUCCEEDED
    assert journal_of(order) == ["payment"]


def test_a_retried_pay_with_the_same_key_returns_the_same_payment(world, customer_api):
    order = world.book()

    first = pay_api(customer_api, order, key="pay-once")
    again = pay_api(customer_api, order, key="pay-once")

    assert first.json()["payment_id"] == again.json()["payment_id"]
    assert again["Idempotent-Replayed"] == "true"
    assert Payment.objects.filter(order_id=order.pk).count() == 1


@pytest.mark.parametrize("change, outcome", [
    ({"secret": "not-the-company-secret"}, EventOutcome.REJECTED_SIGNATURE),
    ({"at": 1_000_000_000}, EventOutcome.STALE),
    ({"amount_fen": 1}, EventOutcome.WRONG_AMOUNT),
    ({"currency": "USD"}, EventOutcome.MALFORMED),
    ({"reference": "20260101000000nosuchpay"}, EventOutcome.UNKNOWN_ORDER),
])
def test_a_bad_notification_is_refused_recorded_and_moves_nothing(world, customer_api, hook_client, change, outcome):
    order = world.book()
    payment = Payment.objects.get(pk=pay_api(customer_api, order).json()["payment_id"])

    answer = notify(hook_client, world.company, payment, **change)

    assert answer.status_code == 400
    assert ProviderEvent.objects.filter(outcome=outcome).count() == 1
    payment.refresh_from_db()
    order.refresh_from_db()
    assert (payment.status, order.status, journal_of(order)) == (PaymentStatus.PENDING, OrderStatus.PENDING_PAYMENT, [])


def test_a_replayed_event_is_processed_once(world, customer_api, hook_client):
    from tests.payments.checkout_helpers import notification_body, post_notification

    order = world.book()
    payment = Payment.objects.get(pk=pay_api(customer_api, order).json()["payment_id"])
    event_id, body = notification_body(payment)

    assert post_notification(hook_client, world.company, event_id, body).status_code == 200
    assert post_notification(hook_client, world.company, event_id, body).status_code == 200

    assert journal_of(order) == ["payment"]
    assert list(ProviderEvent.objects.filter(event_id=event_id).values_list("outcome", flat=True)) == [
        EventOutcome.PROCESSED, EventOutcome.DUPLICATE]


def test_a_second_success_under_another_event_id_moves_nothing(world, customer_api, hook_client):
    order = world.book()
    payment = Payment.objects.get(pk=pay_api(customer_api, order).json()["payment_id"])

    notify(hook_client, world.company, payment)
    notify(hook_client, world.company, payment)

    assert journal_of(order) == ["payment"]
    assert ProviderEvent.objects.filter(outcome=EventOutcome.ALREADY_SETTLED).count() == 1


def test_a_payment_arriving_after_the_order_expired_is_refunded(world, customer_api, hook_client):
    from datetime import timedelta

    from tenant_apps.orders.services.monitoring import expire_unpaid_orders

    order = world.book()
    payment = Payment.objects.get(pk=pay_api(customer_api, order).json()["payment_id"])
    Order.objects.filter(pk=order.pk).update(pay_by=order.created_at - timedelta(minutes=1))
    from shared_apps.core.actor import SYSTEM

    expire_unpaid_orders(actor=SYSTEM)

    assert notify(hook_client, world.company, payment).status_code == 200

    payment.refresh_from_db()
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert payment.status == PaymentStatus.REFUNDED
    assert [r.amount_fen for r in payment.refunds.all()] == [payment.amount_fen]
    assert journal_of(order) == ["payment", "refund"]
    assert ProviderEvent.objects.get(event_id__startswith="evt_").outcome == EventOutcome.LATE_REFUNDED


def test_reconciliation_finds_a_payment_whose_notification_was_lost(world, customer_api, hook_client):
    from datetime import timedelta

    from shared_apps.core.actor import SYSTEM
    from shared_apps.payment_providers import sandbox_gateway as gateway
    from tenant_apps.payments.checkout import reconcile_pending_payments

    order = world.book()
    payment = Payment.objects.get(pk=pay_api(customer_api, order).json()["payment_id"])
    gateway.payer_acts(payment_id=payment.provider_payment_id, action=gateway.PAY)  # its notice never arrives

    assert reconcile_pending_payments(actor=SYSTEM, older_than=timedelta(minutes=10)) == 0  # too recent to ask
    assert reconcile_pending_payments(actor=SYSTEM, older_than=timedelta(0)) == 1

    order.refresh_from_db()
    assert order.paid_at is not None and journal_of(order) == ["payment"]
    assert notify(hook_client, world.company, payment).status_code == 200  # the notice, late after all
    assert journal_of(order) == ["payment"]


def test_company_bs_notify_url_refuses_company_as_notification(world, customer_api, client_for, people):
    order = world.book()
    payment = Payment.objects.get(pk=pay_api(customer_api, order).json()["payment_id"])

    answer = notify(client_for(people.company_b), world.company, payment)  # signed with A's secret

    assert answer.status_code == 400
    from tests.workforce.builders import enter

    enter(world.company)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING and journal_of(order) == []


def test_processing_a_notification_costs_a_fixed_number_of_queries(world, customer_api, hook_client, monkeypatch,
                                                                    django_assert_num_queries):
    """The payments side of every payment's notification, pinned: the payment found, the order and
    the payment locked, the event claimed (one INSERT ... ON CONFLICT), the payment updated, the
    change and the money event recorded, the ledger posted (remembered accounts: the claim of its
    event key and the accounts' locks in one round trip, the postings in one). What the order then
    does (steps registered by orders) is left out: it is pinned with the order flow."""
    from tenant_apps.payments import steps
    from tests.payments.checkout_helpers import notification_body, post_notification

    monkeypatch.setattr(steps, "_SETTLED", [])
    warm = world.book()
    notify(hook_client, world.company, Payment.objects.get(pk=pay_api(customer_api, warm).json()["payment_id"]))
    order = world.book(hour=14)
    payment = Payment.objects.get(pk=pay_api(customer_api, order).json()["payment_id"])
    event_id, body = notification_body(payment)

    with django_assert_num_queries(14):
        assert post_notification(hook_client, world.company, event_id, body).status_code == 200
    with django_assert_num_queries(8):  # the same event again: found, locked, claim refused, recorded
        assert post_notification(hook_client, world.company, event_id, body).status_code == 200

    payment.refresh_from_db()
    assert payment.status == PaymentStatus.SUCCEEDED
    assert journal_of(order) == ["payment"]
    assert list(ProviderEvent.objects.filter(event_id=event_id).values_list("outcome", flat=True)) == [
        EventOutcome.PROCESSED, EventOutcome.DUPLICATE]


def test_the_ledger_rows_every_payment_updates_are_locked_last(world, customer_api, hook_client):
    """Every payment of a company updates its clearing and revenue accounts, whose row locks last
    until COMMIT: the posting comes after the order's paid transition and hand-off, so concurrent
    notifications queue only for the posting and the commit."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.payments.checkout_helpers import notification_body, post_notification

    warm = world.book()  # the company's first payment opens its clearing account
    notify(hook_client, world.company, Payment.objects.get(pk=pay_api(customer_api, warm).json()["payment_id"]))
    order = world.book(hour=14)
    payment = Payment.objects.get(pk=pay_api(customer_api, order).json()["payment_id"])
    event_id, body = notification_body(payment)

    with CaptureQueriesContext(connection) as seen:
        assert post_notification(hook_client, world.company, event_id, body).status_code == 200

    statements = [query["sql"] for query in seen.captured_queries]
    accounts_locked = next(i for i, sql in enumerate(statements)
                           if "FROM ledger_account" in sql and "FOR UPDATE" in sql)
    assert any(sql.startswith('UPDATE "orders_order"') for sql in statements[:accounts_locked])
    writes_after = [sql.split("(")[0] for sql in statements[accounts_locked + 1:]
                    if sql.startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes_after == ["INSERT INTO ledger_posting "]
    order.refresh_from_db()
    assert order.paid_at is not None and journal_of(order) == ["payment"]
