"""Twenty withdrawal requests at once, each on its own connection, for one balance: never overdrawn,
the daily limit never passed. What they write is committed, so it is removed afterwards."""
from __future__ import annotations

from collections import Counter

import pytest
from django.db import connection

from shared_apps.changes.models import Change
from shared_apps.core.errors import DomainError
from tenant_apps.earnings.models import Withdrawal
from tenant_apps.earnings.services.withdrawals import request_withdrawal
from tenant_apps.ledger.selectors import ledger_total, worker_balance
from tests.earnings.support import make_available
from tests.ledger.support import committed_ledger_rows_removed
from tests.ledger.test_event_key_races import race
from tests.support import People


@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        people = People.load()
        company = people.company_a
        with committed_ledger_rows_removed(company.schema_name):
            connection.set_tenant(company)
            first_change = Change.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            try:
                yield company, people.shared_worker
            finally:
                connection.set_tenant(company)
                Withdrawal.objects.filter(worker=people.shared_worker).delete()
                Change.objects.filter(pk__gt=first_change).delete()


def attempt(worker):
    def withdraw(_index: int) -> str:
        try:
            request_withdrawal(actor=worker, amount=1000, method="wechat", payee_name="Li Si", account="o6_bmjrPTlm6")
            return "requested"
        except DomainError as error:
            return error.code

    return withdraw


def test_twenty_requests_for_seven_thousand_fen_make_seven_withdrawals(committed):
    company, worker = committed
    make_available(worker, 7000, key="race")

    results = race(company, attempt(worker))

    assert Counter(results) == {"requested": 7, "withdrawal_over_balance": 13}, results
    connection.set_tenant(company)
    balance = worker_balance(worker=worker)
    assert (balance.available, balance.in_transit) == (0, 7000)
    assert Withdrawal.objects.filter(worker=worker).count() == 7
    assert ledger_total() == 0
