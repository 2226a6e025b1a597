"""The sandbox gateway end to end with a real Celery worker: the customer presses Pay on the hosted
page, the worker later POSTs a signed notification over HTTP to the merchant's notify URL (a small
server in this test), and the sandbox adapter verifies it. Repeats, out-of-order delivery, retries
after a failed answer, refunds and transfers too.

The worker sees only committed data: these tests commit (their own merchant) and remove it after."""
from __future__ import annotations

import secrets

import pytest
from django.test import Client

from shared_apps.payment_providers.interface import (
    NotificationKind,
    Payee,
    PayeeKind,
    PaymentRequest,
    ProviderConfig,
    RefundRequest,
    TransferRequest,
)
from shared_apps.payment_providers.registry import get_provider
from tests.payment_providers.receiver import Receiver, remove_sandbox_merchant
from tests.processes import celery_worker, wait_for

pytestmark = pytest.mark.celery_worker


@pytest.fixture
def transactional_db(django_db_setup, django_db_blocker):
    """Committed database access (as in tests/e2e), without emptying the session's tables after."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture(autouse=True)
def _public_schema_and_fresh_limits(transactional_db):
    """Replaces the suite's per-test Redis flush, which would drop the running worker's queue bindings."""
    yield


@pytest.fixture(scope="module")
def worker():
    with celery_worker(SANDBOX_NOTIFY_DELAY_SECONDS="0.2", SANDBOX_NOTIFY_RETRY_SECONDS="0.5") as running:
        yield running


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.server.shutdown()


@pytest.fixture
def provider(transactional_db, settings):
    settings.SANDBOX_NOTIFY_DELAY_SECONDS = 0.2
    merchant_id = f"sandbox-celery-{secrets.token_hex(4)}"
    yield get_provider(ProviderConfig(provider="sandbox", company_id=None, merchant_id=merchant_id,
                                      merchant_name="Celery Cleaning", secrets={"secret": secrets.token_hex(16)}))
    remove_sandbox_merchant(merchant_id)


def pay(provider, receiver, reference: str, *behaviours: str, description: str = "Cleaning") -> str:
    start = provider.create_payment(PaymentRequest(reference=reference, amount_fen=12800, description=description,
                                                   notify_url=receiver.url))
    response = Client(HTTP_HOST="localhost").post(f"/sandbox-pay/{start.provider_payment_id}/",
                                                  {"action": "pay", "behaviour": list(behaviours)})
    assert response.status_code == 302
    return start.provider_payment_id


def test_paying_on_the_hosted_page_sends_one_signed_notification_later(worker, receiver, provider):
    payment_id = pay(provider, receiver, "ORD-1")

    [notification] = receiver.notifications(provider, 1)

    assert (notification.kind, notification.reference, notification.amount_fen, notification.provider_id) == (
        NotificationKind.PAYMENT_SUCCEEDED, "ORD-1", 12800, payment_id)


def test_repeat_delivers_the_same_event_three_times(worker, receiver, provider):
    pay(provider, receiver, "ORD-2", "repeat")

    received = receiver.notifications(provider, 3)

    assert len({n.event_id for n in received}) == 1
    assert len({headers["Doorstep-Sandbox-Nonce"] for headers, _body in receiver.received}) == 3


def test_out_of_order_delivers_the_success_before_the_earlier_decline(worker, receiver, provider):
    pay(provider, receiver, "ORD-3", description="Flaky card [sandbox:out-of-order]")

    received = receiver.notifications(provider, 2)

    assert [n.kind for n in received] == [NotificationKind.PAYMENT_SUCCEEDED, NotificationKind.PAYMENT_FAILED]
    assert received[1].occurred_at < received[0].occurred_at


def test_a_merchant_that_answered_500_gets_the_notification_again(worker, receiver, provider):
    from shared_apps.payment_providers.models import SandboxDelivery

    receiver.failures = 2
    pay(provider, receiver, "ORD-4")

    [notification] = receiver.notifications(provider, 1)

    assert notification.reference == "ORD-4"
    delivery = SandboxDelivery.objects.get(event_id=notification.event_id)
    # the receiver answers before the worker records the answer: wait for the record
    wait_for(lambda: delivery.attempt_rows.filter(status_code=200).exists(), message="the 200 recorded")
    assert [a.status_code for a in delivery.attempt_rows.order_by("pk")] == [500, 500, 200]


def test_refunds_and_transfers_settle_and_notify_through_the_worker(worker, receiver, provider):
    pay(provider, receiver, "ORD-5")
    receiver.notifications(provider, 1)

    provider.refund(RefundRequest(payment_reference="ORD-5", refund_reference="RF-5", amount_fen=3000,
                                  payment_amount_fen=12800, notify_url=receiver.url))
    provider.transfer(TransferRequest(reference="WD-5", amount_fen=5000, description="Withdrawal [sandbox:fail]",
                                      payee=Payee(PayeeKind.BANK_CARD, "6222020000000000", "王芳"),
                                      notify_url=receiver.url))

    received = receiver.notifications(provider, 3)[1:]
    by_kind = {n.kind: n for n in received}
    assert set(by_kind) == {NotificationKind.REFUND_SUCCEEDED, NotificationKind.TRANSFER_FAILED}
    assert (by_kind[NotificationKind.REFUND_SUCCEEDED].reference, by_kind[NotificationKind.REFUND_SUCCEEDED]
            .amount_fen) == ("RF-5", 3000)
    assert by_kind[NotificationKind.TRANSFER_FAILED].reference == "WD-5"
