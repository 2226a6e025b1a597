"""Races with real PostgreSQL: 20 threads, each with its own database connection, post at once.
What they post is committed (a test's own transaction is invisible to other connections) and
removed afterwards."""
from __future__ import annotations

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from shared_apps.core.actor import SYSTEM
from tenant_apps.ledger import selectors, services
from tenant_apps.ledger.models import AccountKind, JournalTransaction
from tests.ledger.support import committed_ledger_rows_removed
from tests.support import People

THREADS = 20


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    """Company A, with committed writes (no test transaction: this test must not ask for `db`)."""
    with django_db_blocker.unblock():
        company = People.load().company_a
        with committed_ledger_rows_removed(company.schema_name):
            connection.set_tenant(company)
            yield company


@pytest.fixture
def worker(committed, django_db_blocker):
    with django_db_blocker.unblock():
        return People.load().worker_a


def race(company, attempt) -> list:
    """Run attempt(index) in THREADS threads at once, each on its own connection in the company."""
    barrier = threading.Barrier(THREADS)
    results: list = [None] * THREADS

    def run(index: int) -> None:
        try:
            connection.set_tenant(company)
            barrier.wait(timeout=30)
            results[index] = attempt(index)
        except BaseException as exc:  # the test looks at what each thread got
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def test_twenty_deliveries_of_one_provider_event_post_once(committed):
    results = race(committed, lambda _i: services.record_payment(
        actor=SYSTEM, order_id=42, provider="race-pay", fen=8_800, event_key="race-pay:evt-42").pk)

    assert all(isinstance(r, int) for r in results), [r for r in results if not isinstance(r, int)][:3]
    assert len(set(results)) == 1
    connection.set_tenant(committed)
    assert JournalTransaction.objects.filter(event_key="race-pay:evt-42").count() == 1
    assert selectors.balance_of(kind=AccountKind.PROVIDER_CLEARING, provider="race-pay") == -8_800
    assert selectors.ledger_total() == 0


def test_twenty_withdrawals_racing_for_one_balance_never_overdraw_it(committed, worker):
    services.record_payment(actor=SYSTEM, order_id=43, provider="race-pay", fen=10_000)
    services.accrue_worker_earning(actor=SYSTEM, order_id=43, worker=worker, fen=7_000)
    services.settle_earnings(actor=SYSTEM, worker=worker, fen=7_000)

    def withdraw(index: int) -> str:
        try:
            services.start_withdrawal(actor=worker, worker=worker, fen=1_000,
                                      event_key=f"race-withdrawal-{index}")
            return "started"
        except services.DomainError as exc:
            return exc.code

    results = race(committed, withdraw)

    assert Counter(results) == {"started": 7, "insufficient_balance": 13}, results
    connection.set_tenant(committed)
    balance = selectors.worker_balance(worker=worker)
    assert (balance.available, balance.in_transit) == (0, 7_000)
    assert selectors.ledger_total() == 0
