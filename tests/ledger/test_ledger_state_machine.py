"""Any sequence of payments, deposits, refunds, fees, earnings, tips, settlements and withdrawals
(started, paid, failed), with redelivered events, keeps the books balanced (every balance sums to
zero, every journal transaction passes the database's deferred check) and no guarded account below
zero. A model in the test predicts every balance, and which movements must be refused."""
from __future__ import annotations

import itertools

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from shared_apps.core.actor import SYSTEM
from shared_apps.core.errors import DomainError
from shared_apps.platform_ledger.selectors import platform_ledger_total
from tenant_apps.ledger import selectors, services
from tenant_apps.ledger.models import MAY_GO_NEGATIVE, Account, AccountKind
from tests.ledger.support import check_deferred_now

PROVIDERS = st.sampled_from(["wechat", "alipay"])
IN = st.integers(min_value=1_000, max_value=30_000)  # money coming in
OUT = st.integers(min_value=1, max_value=8_000)  # money moving on: often covered, sometimes not
WORKER = st.integers(min_value=0, max_value=1)

REVENUE = (AccountKind.COMPANY_REVENUE, "", None)
DEPOSITS = (AccountKind.DEPOSITS_HELD, "", None)
FEES = (AccountKind.PLATFORM_FEE_PAYABLE, "", None)
TIPS = (AccountKind.TIPS, "", None)
REFUNDS = (AccountKind.REFUNDS_PAYABLE, "", None)


def clearing(provider):
    return (AccountKind.PROVIDER_CLEARING, provider, None)


class LedgerMachine(RuleBasedStateMachine):
    worker_ids: list[int] = []  # set by the test
    keys = itertools.count()

    def __init__(self):
        super().__init__()
        self.savepoint = transaction.savepoint()  # each example starts from the same books
        self.expected = {(a.kind, a.provider, a.worker_id): a.balance for a in Account.objects.all()}
        self.posted: list[tuple] = []

    def teardown(self):
        transaction.savepoint_rollback(self.savepoint)

    def worker(self, index, kind):
        return (kind, "", self.worker_ids[index])

    def move(self, service, changes: list[tuple[tuple, int]], **arguments):
        """Call the service; the model says whether it must be refused and what it changes."""
        net: dict[tuple, int] = {}
        for key, fen in changes:
            net[key] = net.get(key, 0) + fen
        after = {key: self.expected.get(key, 0) + fen for key, fen in net.items()}
        overdrawn = any(balance < 0 for key, balance in after.items() if key[0] not in MAY_GO_NEGATIVE)
        arguments = dict(arguments, actor=SYSTEM, event_key=f"hypothesis-{next(self.keys)}")
        if overdrawn:
            with pytest.raises(DomainError) as refused:
                service(**arguments)
            assert refused.value.code == "insufficient_balance"
        else:
            journal = service(**arguments)
            self.expected.update(after)
            self.posted.append((service, arguments, journal.pk))

    @rule(provider=PROVIDERS, fen=IN)
    def pay(self, provider, fen):
        self.move(services.record_payment, [(clearing(provider), -fen), (REVENUE, fen)],
                  order_id=1, provider=provider, fen=fen)

    @rule(provider=PROVIDERS, fen=IN)
    def pay_deposit(self, provider, fen):
        self.move(services.record_deposit, [(clearing(provider), -fen), (DEPOSITS, fen)],
                  order_id=2, provider=provider, fen=fen)

    @rule(fen=OUT)
    def release_deposit(self, fen):
        self.move(services.release_deposit, [(DEPOSITS, -fen), (REVENUE, fen)], order_id=2, fen=fen)

    @rule(fen=OUT)
    def charge_platform_fee(self, fen):
        self.move(services.charge_platform_fee, [(REVENUE, -fen), (FEES, fen)], order_id=1, fen=fen)

    @rule(fen=OUT, from_deposit=st.booleans())
    def refund(self, fen, from_deposit):
        self.move(services.record_refund, [(DEPOSITS if from_deposit else REVENUE, -fen), (REFUNDS, fen)],
                  order_id=1, fen=fen, from_deposit=from_deposit)

    @rule(provider=PROVIDERS, fen=OUT)
    def pay_refund(self, provider, fen):
        self.move(services.complete_refund, [(REFUNDS, -fen), (clearing(provider), fen)],
                  order_id=1, provider=provider, fen=fen)

    @rule(worker=WORKER, fen=OUT)
    def accrue_earning(self, worker, fen):
        self.move(services.accrue_worker_earning, [(REVENUE, -fen), (self.worker(worker, AccountKind.WORKER_PENDING),
                                                                      fen)],
                  order_id=1, worker=self.worker_ids[worker], fen=fen)

    @rule(provider=PROVIDERS, worker=WORKER, fen=IN)
    def tip(self, provider, worker, fen):
        self.move(services.record_tip, [(clearing(provider), -fen), (TIPS, fen), (TIPS, -fen),
                                        (self.worker(worker, AccountKind.WORKER_PENDING), fen)],
                  order_id=1, provider=provider, worker=self.worker_ids[worker], fen=fen)

    @rule(worker=WORKER, fen=OUT)
    def settle(self, worker, fen):
        self.move(services.settle_earnings, [(self.worker(worker, AccountKind.WORKER_PENDING), -fen),
                                             (self.worker(worker, AccountKind.WORKER_AVAILABLE), fen)],
                  worker=self.worker_ids[worker], fen=fen)

    @rule(worker=WORKER, fen=OUT)
    def start_withdrawal(self, worker, fen):
        self.move(services.start_withdrawal, [(self.worker(worker, AccountKind.WORKER_AVAILABLE), -fen),
                                              (self.worker(worker, AccountKind.WITHDRAWALS_IN_TRANSIT), fen)],
                  worker=self.worker_ids[worker], fen=fen)

    @rule(worker=WORKER, provider=PROVIDERS, fen=OUT)
    def complete_withdrawal(self, worker, provider, fen):
        self.move(services.complete_withdrawal, [(self.worker(worker, AccountKind.WITHDRAWALS_IN_TRANSIT), -fen),
                                                 (clearing(provider), fen)],
                  worker=self.worker_ids[worker], provider=provider, fen=fen)

    @rule(worker=WORKER, fen=OUT)
    def fail_withdrawal(self, worker, fen):
        self.move(services.fail_withdrawal, [(self.worker(worker, AccountKind.WITHDRAWALS_IN_TRANSIT), -fen),
                                             (self.worker(worker, AccountKind.WORKER_AVAILABLE), fen)],
                  worker=self.worker_ids[worker], fen=fen)

    @precondition(lambda self: self.posted)
    @rule(data=st.data())
    def redeliver(self, data):
        """A provider repeats an event: the first transaction comes back and nothing moves."""
        service, arguments, journal_id = data.draw(st.sampled_from(self.posted))
        assert service(**arguments).pk == journal_id

    @invariant()
    def books_balance_and_no_guarded_account_is_negative(self):
        actual = {(a.kind, a.provider, a.worker_id): a.balance for a in Account.objects.all()}
        assert {k: v for k, v in actual.items() if v} == {k: v for k, v in self.expected.items() if v}
        assert sum(actual.values()) == 0 and selectors.ledger_total() == 0
        assert all(balance >= 0 for key, balance in actual.items() if key[0] not in MAY_GO_NEGATIVE)
        assert platform_ledger_total() == 0
        for index, worker_id in enumerate(self.worker_ids):
            balance = selectors.worker_balance(worker=worker_id)
            assert (balance.pending, balance.available, balance.in_transit) == tuple(
                self.expected.get(self.worker(index, kind), 0) for kind in (
                    AccountKind.WORKER_PENDING, AccountKind.WORKER_AVAILABLE, AccountKind.WITHDRAWALS_IN_TRANSIT))
        check_deferred_now()  # every journal transaction so far passes the COMMIT-time check


def test_any_sequence_of_money_movements_keeps_the_ledger_balanced(people, company_a):
    connection.set_tenant(company_a)
    LedgerMachine.worker_ids = [people.worker_a.pk, people.shared_worker.pk]

    run_state_machine_as_test(LedgerMachine, settings=settings(
        max_examples=30, stateful_step_count=40, deadline=None, derandomize=True, database=None,
        suppress_health_check=[HealthCheck.too_slow]))
