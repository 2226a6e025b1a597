"""What people read from the ledger: a worker's money and income by day, an account's statement,
what settlement should move, and the postings of an order."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from shared_apps.core.actor import SYSTEM
from tenant_apps.ledger import selectors, services
from tenant_apps.ledger.models import AccountKind, TransactionKind


@pytest.fixture
def worked(company_a, people):
    """Two orders paid and done by worker A: earnings, a tip, a settlement, a paid and a failed withdrawal."""
    connection.set_tenant(company_a)
    worker = people.worker_a
    services.record_payment(actor=SYSTEM, order_id=21, provider="alipay", fen=20_000)
    services.record_payment(actor=SYSTEM, order_id=22, provider="alipay", fen=10_000)
    services.accrue_worker_earning(actor=SYSTEM, order_id=21, worker=worker, fen=12_000)
    services.accrue_worker_earning(actor=SYSTEM, order_id=22, worker=worker, fen=6_000)
    services.record_tip(actor=people.customer_a, order_id=22, provider="alipay", worker=worker, fen=1_000)
    services.settle_earnings(actor=SYSTEM, worker=worker, fen=13_000)
    services.start_withdrawal(actor=worker, worker=worker, fen=5_000, event_key="w1:start")
    services.complete_withdrawal(actor=SYSTEM, worker=worker, provider="alipay", fen=5_000, event_key="w1:paid")
    services.start_withdrawal(actor=worker, worker=worker, fen=2_000, event_key="w2:start")
    services.fail_withdrawal(actor=SYSTEM, worker=worker, fen=2_000, event_key="w2:failed")
    return worker


def test_a_worker_sees_pending_available_in_transit_and_withdrawn(worked):
    assert selectors.worker_balance(worker=worked) == selectors.WorkerBalance(
        pending=6_000, available=8_000, in_transit=0, withdrawn=5_000)


def test_a_worker_sees_income_by_day_in_the_company_time_zone(worked, company_a):
    today = timezone.now().astimezone(__import__("zoneinfo").ZoneInfo(company_a.time_zone)).date()

    days = selectors.worker_income_by_day(worker=worked, time_zone=company_a.time_zone)

    assert days == [selectors.IncomeDay(day=today, earned=18_000, tips=1_000, settled=13_000, withdrawn=5_000)]
    assert selectors.worker_income_by_day(worker=worked, time_zone=company_a.time_zone,
                                          since=today + timedelta(days=1)) == []


def test_a_statement_lists_each_posting_with_the_running_balance(worked):
    available = services.ensure_account(kind=AccountKind.WORKER_AVAILABLE, worker=worked)

    lines = selectors.statement(account=available)

    assert [(line.kind, line.amount, line.balance) for line in lines] == [
        (TransactionKind.SETTLEMENT, 13_000, 13_000),
        (TransactionKind.WITHDRAWAL, -5_000, 8_000),
        (TransactionKind.WITHDRAWAL, -2_000, 6_000),
        (TransactionKind.WITHDRAWAL_FAILED, 2_000, 8_000),
    ]
    later = selectors.statement(account=available, since=lines[1].posted_at + timedelta(microseconds=1))
    assert [line.balance for line in later] == [b.balance for b in lines if b.posted_at > lines[1].posted_at]


def test_settlement_moves_what_was_earned_before_the_cutoff_and_not_yet_settled(worked):
    assert selectors.earnings_due_for_settlement(worker=worked, earned_before=timezone.now()) == 6_000
    assert selectors.earnings_due_for_settlement(worker=worked,
                                                 earned_before=timezone.now() - timedelta(days=1)) == 0


def test_an_orders_postings_are_listed_for_its_receipt(worked):
    postings = selectors.postings_of(order_id=22)

    assert [(p.transaction.kind, p.account.kind, p.amount) for p in postings if p.amount > 0] == [
        (TransactionKind.PAYMENT, AccountKind.COMPANY_REVENUE, 10_000),
        (TransactionKind.WORKER_EARNING, AccountKind.WORKER_PENDING, 6_000),
        (TransactionKind.TIP, AccountKind.TIPS, 1_000),
        (TransactionKind.TIP, AccountKind.WORKER_PENDING, 1_000),
    ]
    assert sum(p.amount for p in postings) == 0
