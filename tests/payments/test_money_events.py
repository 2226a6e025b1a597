"""Money events for the company's own systems: an endpoint registered by the office gets every
payment, refund and payout, written to the outbox with the movement and POSTed, signed, to a real
local HTTP server (tests.payment_providers.receiver); failures are retried with backoff and logged."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from shared_apps.core.errors import DomainError
from tenant_apps.payments.models import (
    DeliveryStatus,
    MoneyEvent,
    MoneyEventKind,
    Payment,
    WebhookAttempt,
    WebhookDelivery,
)
from tenant_apps.payments.money_events import add_webhook_endpoint, deliver_money_event, remove_webhook_endpoint
from tenant_apps.payments.webhooks import HEADER, SignatureRefused, verify_event
from tests.orders.conftest import World
from tests.payment_providers.receiver import Receiver
from tests.payments.checkout_helpers import notify, pay_api
from tests.payments.test_payment_settings import page_client


@pytest.fixture
def world(people):
    return World(people)


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.server.shutdown()


@pytest.fixture
def endpoint(world, receiver):
    endpoint, secret = add_webhook_endpoint(actor=world.people.owner_a, url=receiver.url)
    return endpoint, secret


def pay(world, client_for, **changes) -> Payment:
    order = world.book(hour=changes.pop("hour", 10))
    payment = Payment.objects.get(pk=pay_api(client_for(world.company, world.people.customer_a), order)
                                  .json()["payment_id"])
    assert notify(client_for(world.company), world.company, payment).status_code == 200
    payment.refresh_from_db()
    return payment


def only_delivery() -> WebhookDelivery:
    [delivery] = WebhookDelivery.objects.all()
    return delivery


def test_a_payment_is_delivered_signed_to_the_endpoint(world, client_for, endpoint, receiver,
                                                       django_capture_on_commit_callbacks):
    _endpoint, secret = endpoint
    with django_capture_on_commit_callbacks() as started:
        payment = pay(world, client_for)
    assert started, "the delivery starts after the commit"

    delivery = deliver_money_event(delivery_id=only_delivery().pk)

    assert delivery.status == DeliveryStatus.DELIVERED and delivery.attempts == 1
    [(headers, body)] = receiver.received
    verify_event(secret=secret, header=headers[HEADER], body=body)
    event = json.loads(body)
    assert event["type"] == "payment.succeeded" and event["id"] == headers["Doorstep-Event-Id"]
    assert event["data"]["reference"] == payment.reference and event["data"]["amount_fen"] == payment.amount_fen
    assert event["data"]["order_id"] == payment.order_id and event["company"] == world.company.slug
    with pytest.raises(SignatureRefused):
        verify_event(secret="whsec_wrong", header=headers[HEADER], body=body)
    with pytest.raises(SignatureRefused):
        verify_event(secret=secret, header=headers[HEADER], body=body.replace(b"succeeded", b"failed"))


def test_a_repeated_notification_writes_no_second_event(world, client_for, endpoint):
    payment = pay(world, client_for)
    notify(client_for(world.company), world.company, payment)  # another event id, the payment already settled
    assert MoneyEvent.objects.count() == 1


def test_a_movement_that_rolls_back_leaves_no_event(world, client_for, endpoint):
    from django.db import transaction

    order = world.book()
    payment = Payment.objects.get(pk=pay_api(client_for(world.company, world.people.customer_a), order)
                                  .json()["payment_id"])

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        from shared_apps.core.actor import SYSTEM
        from shared_apps.payment_providers.interface import Notification, NotificationKind
        from tenant_apps.payments.checkout import apply_notification

        apply_notification(actor=SYSTEM, notification=Notification(
            provider="sandbox", event_id="evt_rollback", kind=NotificationKind.PAYMENT_SUCCEEDED,
            reference=payment.reference, provider_id="sp_x", amount_fen=payment.amount_fen, currency="CNY",
            occurred_at=timezone.now(), raw={}), digest="0" * 64)
        assert MoneyEvent.objects.count() == 1
        raise Boom

    assert MoneyEvent.objects.count() == 0 and WebhookDelivery.objects.count() == 0


def test_failures_are_retried_with_growing_pauses_then_delivered_and_every_attempt_is_logged(
        world, client_for, endpoint, receiver, settings):
    settings.WEBHOOK_RETRY_SECONDS = 30
    pay(world, client_for)
    receiver.failures = 2
    delivery_id = only_delivery().pk
    start = timezone.now()

    first = deliver_money_event(delivery_id=delivery_id, now=start)
    assert (first.status, first.attempts, first.last_status_code) == (DeliveryStatus.PENDING, 1, 500)
    assert first.next_attempt_at == start + timedelta(seconds=30)
    second = deliver_money_event(delivery_id=delivery_id, now=start + timedelta(seconds=30))
    assert second.next_attempt_at == start + timedelta(seconds=30 + 60)  # the pause doubled
    third = deliver_money_event(delivery_id=delivery_id, now=start + timedelta(seconds=90))

    assert third.status == DeliveryStatus.DELIVERED and third.next_attempt_at is None
    assert list(WebhookAttempt.objects.filter(delivery_id=delivery_id).values_list("status_code", flat=True)) == [
        500, 500, 200]
    assert len(receiver.received) == 1
    # a delivered event is not sent again (a late retry or a sweep)
    deliver_money_event(delivery_id=delivery_id)
    assert len(receiver.received) == 1 and WebhookAttempt.objects.filter(delivery_id=delivery_id).count() == 3


def test_after_the_last_attempt_the_delivery_is_given_up(world, client_for, endpoint, receiver, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    pay(world, client_for)
    receiver.failures = 5
    delivery_id = only_delivery().pk

    deliver_money_event(delivery_id=delivery_id)
    given_up = deliver_money_event(delivery_id=delivery_id)

    assert (given_up.status, given_up.attempts, given_up.next_attempt_at) == (DeliveryStatus.FAILED, 2, None)


def test_an_endpoint_nobody_listens_on_is_logged_and_retried(world, client_for):
    from tests.processes import free_port

    add_webhook_endpoint(actor=world.people.owner_a, url=f"http://127.0.0.1:{free_port()}/events")
    pay(world, client_for)

    delivery = deliver_money_event(delivery_id=only_delivery().pk)

    assert delivery.status == DeliveryStatus.PENDING and delivery.last_status_code is None
    assert "127.0.0.1" in delivery.last_error and delivery.next_attempt_at > timezone.now()


def test_refunds_and_payouts_are_money_events_too(world, client_for, endpoint, people,
                                                  django_capture_on_commit_callbacks):
    from tenant_apps.earnings.services.earning import update_earning_settings
    from tenant_apps.earnings.services.withdrawals import approve_withdrawal, request_withdrawal
    from tenant_apps.earnings.transfers import transfer_notify_url
    from tenant_apps.payments.refunds import refund_payment
    from tests.earnings.support import deliver_transfer_notification, make_available

    payment = pay(world, client_for)
    refund = refund_payment(actor=people.owner_a, payment_id=payment.pk, amount_fen=1000, reason="Streaks")
    notify(client_for(world.company), world.company, payment, kind="refund_succeeded", reference=refund.reference,
           payment_reference=payment.reference, amount_fen=1000)
    make_available(people.worker_a, 20000)
    update_earning_settings(actor=people.owner_a, share_kind="percent", share_percent=70, share_fixed=0,
                            settlement_days=7, withdrawal_minimum=1000, withdrawal_daily_limit=15000)
    asked = request_withdrawal(actor=people.worker_a, amount=5000, method="bank_card", payee_name="Wang Wu",
                               account="6222 0212 3456 7890 123")
    withdrawal = approve_withdrawal(actor=people.owner_a, notify_url=transfer_notify_url(), withdrawal=asked)
    deliver_transfer_notification(client_for(world.company), withdrawal)

    events = {e.kind: json.loads(e.body)["data"] for e in MoneyEvent.objects.all()}
    assert set(events) == {MoneyEventKind.PAYMENT_SUCCEEDED, MoneyEventKind.REFUND_SUCCEEDED,
                           MoneyEventKind.WITHDRAWAL_PAID}
    assert (events["refund.succeeded"]["reference"], events["refund.succeeded"]["amount_fen"]) == (
        refund.reference, 1000)
    assert (events["withdrawal.paid"]["reference"], events["withdrawal.paid"]["amount_fen"]) == (
        withdrawal.reference, 5000)


def test_without_an_endpoint_nothing_is_written(world, client_for):
    pay(world, client_for)
    assert MoneyEvent.objects.count() == 0


def test_a_removed_endpoint_gets_nothing_more(world, client_for, endpoint, receiver):
    pay(world, client_for, hour=9)
    remove_webhook_endpoint(actor=world.people.owner_a, endpoint_id=endpoint[0].pk)

    assert only_delivery().status == DeliveryStatus.FAILED  # the pending one was given up
    pay(world, client_for, hour=13)
    assert WebhookDelivery.objects.count() == 1 and receiver.received == []


def test_only_owners_and_admins_manage_endpoints_and_private_addresses_are_refused_in_production(
        world, finance_a, settings):
    with pytest.raises(DomainError) as refused:
        add_webhook_endpoint(actor=finance_a, url="https://example.com/events")
    assert refused.value.status == 403

    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = False
    for url in ("http://example.com/events", "https://127.0.0.1/events", "ftp://example.com/x", "not a url"):
        with pytest.raises(DomainError) as bad:
            add_webhook_endpoint(actor=world.people.owner_a, url=url)
        assert "url" in bad.value.fields


def test_the_office_page_shows_the_secret_once_and_the_delivery_log(world, client_for, receiver, finance_a):
    owner = page_client(world.company, world.people.owner_a)

    answer = owner.post("/office/finance/webhooks/", {"url": receiver.url})

    page = answer.content.decode()
    assert answer.status_code == 200 and 'id="secret-value">whsec_' in page
    secret = page.split('id="secret-value">')[1].split("<")[0]
    assert secret not in owner.get("/office/finance/webhooks/").content.decode()  # never again
    pay(world, client_for)
    deliver_money_event(delivery_id=only_delivery().pk)
    verify_event(secret=secret, header=receiver.received[0][0][HEADER], body=receiver.received[0][1])

    log = page_client(world.company, finance_a).get("/office/finance/webhooks/").content.decode()
    assert f'data-delivery="{only_delivery().pk}" data-status="delivered"' in log and "HTTP 200" in log
    assert 'name="url"' not in log  # finance reads the log; owners and admins add endpoints


def test_a_bad_address_is_shown_on_the_form(world, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_HOSTS = False
    answer = page_client(world.company, world.people.owner_a).post("/office/finance/webhooks/",
                                                                   {"url": "http://example.com/hook"})
    assert answer.status_code == 400 and "Enter an https:// address" in answer.content.decode()


def test_the_log_reads_in_a_fixed_number_of_queries(world, client_for, endpoint, django_assert_num_queries):
    from tenant_apps.payments.selectors import webhook_deliveries

    pay(world, client_for, hour=9)
    pay(world, client_for, hour=13)
    for delivery in WebhookDelivery.objects.all():
        deliver_money_event(delivery_id=delivery.pk)
    with django_assert_num_queries(2):
        rows = webhook_deliveries()
        assert [len(d.attempt_log.all()) for d in rows] == [1, 1] and rows[0].event.kind and rows[0].endpoint.url


def test_rotating_the_sealing_key_reseals_the_secret_and_deliveries_still_sign_with_it(
        world, client_for, receiver, settings):
    from cryptography.fernet import Fernet

    from tenant_apps.payments.models import WebhookEndpoint
    from tenant_apps.payments.money_events import reseal_webhook_secrets

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PAYMENT_CREDENTIALS_KEY = [old]
    endpoint, secret = add_webhook_endpoint(actor=world.people.owner_a, url=receiver.url)
    assert secret not in endpoint.sealed_secret  # sealed at rest

    settings.PAYMENT_CREDENTIALS_KEY = [new, old]
    assert reseal_webhook_secrets(actor=world.people.owner_a) == 1
    settings.PAYMENT_CREDENTIALS_KEY = [new]  # the old key dropped
    assert WebhookEndpoint.objects.get(pk=endpoint.pk).sealed_secret != endpoint.sealed_secret
    pay(world, client_for)
    deliver_money_event(delivery_id=only_delivery().pk)
    headers, body = receiver.received[0]
    verify_event(secret=secret, header=headers[HEADER], body=body)


def test_a_payment_settled_by_the_reconciliation_job_names_the_company_too(world, client_for, endpoint):
    """The beat job runs inside schema_context (no request, no full tenant object)."""
    from django_tenants.utils import schema_context

    from shared_apps.core.actor import SYSTEM
    from shared_apps.payment_providers import sandbox_gateway as gateway
    from tenant_apps.payments.checkout import reconcile_pending_payments

    order = world.book()
    payment = Payment.objects.get(pk=pay_api(client_for(world.company, world.people.customer_a), order)
                                  .json()["payment_id"])
    gateway.payer_acts(payment_id=payment.provider_payment_id, action=gateway.PAY)  # its notification is lost
    with schema_context(world.company.schema_name):
        assert reconcile_pending_payments(actor=SYSTEM, older_than=timedelta(0)) == 1

    [event] = MoneyEvent.objects.all()
    assert json.loads(event.body)["company"] == world.company.slug and event.kind == "payment.succeeded"
