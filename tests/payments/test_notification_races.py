"""Twenty copies of one notification at once, each on its own database connection: the payment
settles once and the ledger posts once (the event id's unique claim, under the payment's lock).
What they write is committed and removed afterwards."""
from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client

from tenant_apps.ledger import selectors
from tenant_apps.ledger.models import AccountKind, JournalTransaction
from tenant_apps.payments import steps
from tenant_apps.payments.models import EventOutcome, Payment, PaymentStatus, ProviderEvent
from tests.ledger.support import committed_ledger_rows_removed
from tests.ledger.test_event_key_races import race
from tests.payments.checkout_helpers import notification_body, post_notification
from tests.support import People


@pytest.fixture
def committed(django_db_setup, django_db_blocker, monkeypatch):
    """Company A with committed writes. The order's steps are left out: the payment names no real
    order here (booking one commits a whole catalog); they are tested in test_checkout.py."""
    monkeypatch.setattr(steps, "_SETTLED", [])
    monkeypatch.setattr(steps, "_ORDER_LOCK", [])
    with django_db_blocker.unblock():
        company = People.load().company_a
        with committed_ledger_rows_removed(company.schema_name):
            connection.set_tenant(company)
            payment = Payment.objects.create(order_id=990_001, kind="full", method="sandbox", provider="sandbox",
                                             amount_fen=12_800, reference="20261203000000racerace01",
                                             status=PaymentStatus.PENDING)
            try:
                yield company, payment
            finally:
                connection.set_tenant(company)
                ProviderEvent.objects.filter(payment=payment).delete()
                payment.delete()


def test_twenty_concurrent_copies_of_one_event_settle_and_post_once(committed):
    company, payment = committed
    event_id, body = notification_body(payment)

    results = race(company, lambda _i: post_notification(Client(HTTP_HOST=f"{company.slug}.localhost"), company,
                                                         event_id, body).status_code)

    assert results == [200] * 20, results
    connection.set_tenant(company)
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.SUCCEEDED
    assert JournalTransaction.objects.filter(order_id=990_001).count() == 1
    assert sorted(ProviderEvent.objects.filter(event_id=event_id).values_list("outcome", flat=True)) == sorted(
        [EventOutcome.PROCESSED] + [EventOutcome.DUPLICATE] * 19)
    assert selectors.balance_of(kind=AccountKind.PROVIDER_CLEARING, provider="sandbox") <= -12_800
    assert selectors.ledger_total() == 0
