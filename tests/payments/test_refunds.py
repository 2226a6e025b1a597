"""Refunds: a customer's cancellation refunds what was paid less the policy's fee; the office refunds
with a reason (finance roles, a limit for non-owners); the provider's refund notification closes it."""
from __future__ import annotations

from datetime import timedelta

import pytest

from shared_apps.payment_providers import sandbox_gateway as gateway
from tenant_apps.ledger.models import AccountKind
from tenant_apps.ledger.selectors import balance_of, ledger_total
from tenant_apps.orders.machine import Role
from tenant_apps.orders.models import OrderStatus
from tenant_apps.orders.selectors import cancellation_fee_of
from tenant_apps.orders.services.lifecycle import cancel_order
from tenant_apps.payments.models import Payment, PaymentStatus, Refund, RefundStatus
from tests.orders.conftest import World
from tests.payments.checkout_helpers import notify, pay_api


@pytest.fixture
def world(people):
    return World(people)


@pytest.fixture
def hook_client(world, client_for):
    return client_for(world.company)


def paid_order(world, client_for, hook_client):
    """An order paid in full: through the sandbox's page (so the gateway can refund it) and notified."""
    order = world.book()
    answer = pay_api(client_for(world.company, world.people.customer_a), order)
    payment = Payment.objects.get(pk=answer.json()["payment_id"])
    gateway.payer_acts(payment_id=payment.provider_payment_id, action=gateway.PAY)
    assert notify(hook_client, world.company, payment).status_code == 200
    order.refresh_from_db()
    payment.refresh_from_db()
    return order, payment


def test_a_customer_cancelling_hours_before_gets_back_all_but_the_policy_fee(world, client_for, hook_client,
                                                                            django_capture_on_commit_callbacks):
    order, payment = paid_order(world, client_for, hook_client)
    now = order.starts_at - timedelta(hours=3)  # the 20 % tier
    fee = cancellation_fee_of(order=order, role=Role.CUSTOMER, now=now)
    assert 0 < fee < order.total

    with django_capture_on_commit_callbacks(execute=True):
        order = cancel_order(actor=world.people.customer_a, order=order, role=Role.CUSTOMER, expected_fee=fee,
                             now=now)

    [refund] = Refund.objects.filter(payment=payment)
    assert refund.amount_fen == order.total - fee
    assert refund.submitted_at is not None  # handed to the gateway after the commit
    assert order.status == OrderStatus.REFUNDED
    assert balance_of(kind=AccountKind.REFUNDS_PAYABLE) == order.total - fee
    assert balance_of(kind=AccountKind.COMPANY_REVENUE) == fee


def test_the_providers_refund_notification_closes_the_refund_once(world, client_for, hook_client):
    order, payment = paid_order(world, client_for, hook_client)
    fee = cancellation_fee_of(order=order, role=Role.CUSTOMER)
    cancel_order(actor=world.people.customer_a, order=order, role=Role.CUSTOMER, expected_fee=fee)
    refund = Refund.objects.get(payment=payment)

    for _copy in range(2):
        answer = notify(hook_client, world.company, payment, kind="refund_succeeded", event_id="evt_refund_once",
                        reference=refund.reference, payment_reference=payment.reference,
                        amount_fen=refund.amount_fen)
        assert answer.status_code == 200

    refund.refresh_from_db()
    assert refund.status == RefundStatus.SUCCEEDED
    assert balance_of(kind=AccountKind.REFUNDS_PAYABLE) == 0
    assert balance_of(kind=AccountKind.PROVIDER_CLEARING, provider="sandbox") == -fee
    assert ledger_total() == 0


def refund_api(client, payment, amount_fen: int, reason: str = "Window left streaky", key: str = ""):
    import secrets

    return client.post(f"/api/v1/office/payments/{payment.pk}/refund/", {"amount_fen": amount_fen, "reason": reason},
                       format="json", HTTP_IDEMPOTENCY_KEY=key or secrets.token_hex(8))


def test_finance_refunds_part_of_a_payment_with_a_reason_once_per_key(world, client_for, hook_client, finance_a):
    order, payment = paid_order(world, client_for, hook_client)
    office = client_for(world.company, finance_a)

    first = refund_api(office, payment, 1000, key="refund-1")
    again = refund_api(office, payment, 1000, key="refund-1")

    assert first.status_code == 201, first.content
    assert again.json() == first.json()
    assert first.json()["payment_status"] == PaymentStatus.PARTIALLY_REFUNDED
    assert list(Refund.objects.filter(payment=payment).values_list("amount_fen", "reason")) == [
        (1000, "Window left streaky")]


def test_a_dispatcher_cannot_refund(world, client_for, hook_client):
    _order, payment = paid_order(world, client_for, hook_client)

    answer = refund_api(client_for(world.company, world.people.dispatcher_a), payment, 1000)

    assert answer.status_code == 403
    assert not Refund.objects.exists()


def test_above_the_limit_only_the_owner_refunds(world, client_for, hook_client, finance_a, settings):
    settings.PAYMENT_REFUND_LIMIT_FEN = 500
    _order, payment = paid_order(world, client_for, hook_client)

    refused = refund_api(client_for(world.company, finance_a), payment, 1000)
    by_owner = refund_api(client_for(world.company, world.people.owner_a), payment, 1000)

    assert (refused.status_code, refused.json()["code"]) == (403, "refund_over_limit")
    assert by_owner.status_code == 201


def test_more_than_was_paid_is_refused_with_what_is_left(world, client_for, hook_client):
    _order, payment = paid_order(world, client_for, hook_client)

    answer = refund_api(client_for(world.company, world.people.owner_a), payment, payment.amount_fen + 1)

    assert (answer.status_code, answer.json()["refundable_fen"]) == (409, payment.amount_fen)


def test_the_other_company_cannot_refund_this_companys_payment(world, client_for, hook_client, people):
    _order, payment = paid_order(world, client_for, hook_client)

    answer = refund_api(client_for(people.company_b, people.owner_b), payment, 100)

    assert answer.status_code == 404


def test_the_office_order_page_lists_payments_and_refunds_from_its_form(world, client_for, hook_client, finance_a):
    from django.test import Client

    order, payment = paid_order(world, client_for, hook_client)
    office = Client(HTTP_HOST=f"{world.company.slug}.localhost")
    office.force_login(finance_a)

    page = office.get(f"/office/orders/{order.pk}/").content.decode()
    assert f'data-payment="{payment.pk}"' in page and payment.reference in page

    answer = office.post(f"/office/payments/{payment.pk}/refund/", {"amount": "12.50", "reason": "Late arrival"})

    assert answer.status_code == 302 and answer["Location"].endswith(f"/office/orders/{order.pk}/")
    assert list(Refund.objects.values_list("amount_fen", "reason", "actor_id")) == [
        (1250, "Late arrival", finance_a.pk)]
    assert "Late arrival" in office.get(f"/office/orders/{order.pk}/").content.decode()


def test_a_dispatcher_has_no_refund_page(world, client_for, hook_client):
    from django.test import Client

    _order, payment = paid_order(world, client_for, hook_client)
    office = Client(HTTP_HOST=f"{world.company.slug}.localhost")
    office.force_login(world.people.dispatcher_a)

    answer = office.post(f"/office/payments/{payment.pk}/refund/", {"amount": "12.50", "reason": "Late arrival"})

    assert answer.status_code in (302, 403)
    assert not Refund.objects.exists()


def test_cancelling_an_order_paid_by_deposit_refunds_the_deposit_from_deposits_held(world, client_for, hook_client,
                                                                                   django_capture_on_commit_callbacks):
    from django.db import transaction

    from tenant_apps.payments.locks import lock_payment_settings

    with transaction.atomic():
        row = lock_payment_settings()
        row.deposit_policy, row.deposit_percent = "percent", 30
        row.save()
    order = world.book()
    answer = pay_api(client_for(world.company, world.people.customer_a), order, kind="deposit")
    deposit = Payment.objects.get(pk=answer.json()["payment_id"])
    gateway.payer_acts(payment_id=deposit.provider_payment_id, action=gateway.PAY)
    notify(hook_client, world.company, deposit)
    order.refresh_from_db()
    assert balance_of(kind=AccountKind.DEPOSITS_HELD) == deposit.amount_fen

    with django_capture_on_commit_callbacks(execute=True):
        order = cancel_order(actor=world.people.customer_a, order=order, role=Role.CUSTOMER, expected_fee=0)

    assert order.status == OrderStatus.REFUNDED
    assert list(Refund.objects.values_list("amount_fen", flat=True)) == [deposit.amount_fen]
    assert balance_of(kind=AccountKind.DEPOSITS_HELD) == 0
    assert balance_of(kind=AccountKind.REFUNDS_PAYABLE) == deposit.amount_fen


def test_a_failed_refund_gives_the_amount_back_to_the_payment_and_the_ledger(world, client_for, hook_client,
                                                                               django_capture_on_commit_callbacks):
    _order, payment = paid_order(world, client_for, hook_client)
    with django_capture_on_commit_callbacks(execute=True):
        answer = refund_api(client_for(world.company, world.people.owner_a), payment, 1000)
    refund = Refund.objects.get(pk=answer.json()["refund_id"])

    failed = notify(hook_client, world.company, payment, kind="refund_failed", reference=refund.reference,
                    payment_reference=payment.reference, amount_fen=1000)

    assert failed.status_code == 200
    refund.refresh_from_db()
    payment.refresh_from_db()
    assert refund.status == RefundStatus.FAILED
    assert (payment.status, payment.refundable_fen) == (PaymentStatus.SUCCEEDED, payment.amount_fen)
    assert balance_of(kind=AccountKind.REFUNDS_PAYABLE) == 0
    assert balance_of(kind=AccountKind.COMPANY_REVENUE) == payment.amount_fen
    assert ledger_total() == 0
