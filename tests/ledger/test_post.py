"""Posting money movements: balanced transactions move balances; the database itself refuses an
unbalanced transaction, an overdrawn guarded account, a second post of one event and any change to
a posting, whatever writes it (the service or plain SQL)."""
from __future__ import annotations

import threading

import pytest
from django.db import IntegrityError, connection, connections, transaction

from shared_apps.core.actor import SYSTEM
from shared_apps.core.errors import DomainError, ValidationFailed
from tenant_apps.ledger import selectors, services
from tenant_apps.ledger.models import AccountKind, JournalTransaction, Posting, TransactionKind
from tests.ledger.support import check_deferred_now


@pytest.fixture
def ledger(company_a):
    connection.set_tenant(company_a)
    return company_a


def accounts():
    return (services.ensure_account(kind=AccountKind.PROVIDER_CLEARING, provider="sandbox"),
            services.ensure_account(kind=AccountKind.COMPANY_REVENUE))


def test_a_payment_moves_the_clearing_and_revenue_balances_and_the_books_balance(ledger, people):
    journal = services.record_payment(actor=people.owner_a, order_id=7, provider="sandbox", fen=12_800,
                                      event_key="sandbox:evt-1", memo="Order 7 paid")

    assert selectors.balance_of(kind=AccountKind.PROVIDER_CLEARING, provider="sandbox") == -12_800
    assert selectors.balance_of(kind=AccountKind.COMPANY_REVENUE) == 12_800
    assert selectors.ledger_total() == 0
    assert sorted(journal.postings.values_list("amount", flat=True)) == [-12_800, 12_800]
    assert (journal.kind, journal.order_id, journal.actor_id, journal.memo) == (
        TransactionKind.PAYMENT, 7, people.owner_a.pk, "Order 7 paid")
    check_deferred_now()  # what COMMIT would check: accepted


def test_post_refuses_lines_that_do_not_balance_or_are_too_few(ledger, people):
    clearing, revenue = accounts()

    with pytest.raises(ValidationFailed) as unbalanced:
        services.post(actor=people.owner_a, kind=TransactionKind.PAYMENT, lines=[(clearing, -100), (revenue, 99)])
    with pytest.raises(ValidationFailed) as single:
        services.post(actor=people.owner_a, kind=TransactionKind.PAYMENT, lines=[(clearing, 0), (revenue, 0)])
    with pytest.raises(ValidationFailed) as fractional:
        services.record_payment(actor=people.owner_a, order_id=1, provider="sandbox", fen=1.5)

    assert unbalanced.value.fields == {"lines": ["The postings must sum to zero; they sum to -1 fen."]}
    assert single.value.status == 400 and "lines" in single.value.fields
    assert fractional.value.fields == {"fen": ["Enter a whole, positive number of fen."]}
    assert JournalTransaction.objects.count() == 0


def test_a_guarded_account_cannot_go_negative_through_the_service(ledger, people):
    services.record_payment(actor=SYSTEM, order_id=3, provider="sandbox", fen=1_000)
    services.accrue_worker_earning(actor=SYSTEM, order_id=3, worker=people.worker_a, fen=600)
    services.settle_earnings(actor=SYSTEM, worker=people.worker_a, fen=600)

    with pytest.raises(DomainError) as refused:
        services.start_withdrawal(actor=people.worker_a, worker=people.worker_a, fen=601)

    assert (refused.value.code, refused.value.status) == ("insufficient_balance", 409)
    assert refused.value.extra == {"account": "worker_available", "balance": 600, "needed": 601}
    assert selectors.worker_balance(worker=people.worker_a) == selectors.WorkerBalance(
        pending=0, available=600, in_transit=0, withdrawn=0)
    services.start_withdrawal(actor=people.worker_a, worker=people.worker_a, fen=600)  # all of it: fine
    assert selectors.worker_balance(worker=people.worker_a).available == 0


def _insert_journal(cursor, kind="payment") -> int:
    cursor.execute("INSERT INTO ledger_journaltransaction (kind, memo, actor_name, created_at) "
                   "VALUES (%s, 'by hand', 'sql', now()) RETURNING id", [kind])
    return cursor.fetchone()[0]


def _insert_posting(cursor, journal_id: int, account_id: int, amount: int) -> None:
    cursor.execute("INSERT INTO ledger_posting (transaction_id, account_id, amount, created_at) "
                   "VALUES (%s, %s, %s, now())", [journal_id, account_id, amount])


def test_the_database_refuses_an_unbalanced_transaction_written_with_sql(ledger):
    clearing, revenue = accounts()

    with connection.cursor() as cursor:
        balanced = _insert_journal(cursor)
        _insert_posting(cursor, balanced, clearing.pk, -300)
        _insert_posting(cursor, balanced, revenue.pk, 300)
        check_deferred_now()
        with pytest.raises(IntegrityError, match="not balanced"), transaction.atomic():
            unbalanced = _insert_journal(cursor)
            _insert_posting(cursor, unbalanced, clearing.pk, -300)
            _insert_posting(cursor, unbalanced, revenue.pk, 200)
            check_deferred_now()
        with pytest.raises(IntegrityError, match=r"not balanced \(0 postings"), transaction.atomic():
            _insert_journal(cursor)
            check_deferred_now()
        with pytest.raises(IntegrityError, match=r"not balanced \(1 postings"), transaction.atomic():
            lonely = _insert_journal(cursor)
            _insert_posting(cursor, lonely, clearing.pk, 5)
            _insert_posting(cursor, balanced, clearing.pk, -5)  # balances the sum, not each transaction
            check_deferred_now()

    assert selectors.balance_of(kind=AccountKind.COMPANY_REVENUE) == 300


def test_an_unbalanced_transaction_is_refused_at_commit_and_leaves_nothing(company_a):
    """A separate connection really commits: the deferred trigger fires at COMMIT."""
    outcome: list = []

    def write_by_hand() -> None:
        try:
            connection.set_tenant(company_a)
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("INSERT INTO ledger_account (kind, provider, may_go_negative, balance, created_at, "
                               "updated_at) VALUES ('provider_clearing', 'by-hand', true, 0, now(), now()) "
                               "RETURNING id")
                account_id = cursor.fetchone()[0]
                journal = _insert_journal(cursor)
                _insert_posting(cursor, journal, account_id, -1_000)
                outcome.append("written")
            outcome.append("committed")
        except IntegrityError as exc:
            outcome.append(str(exc).splitlines()[0])
        finally:
            connections.close_all()

    thread = threading.Thread(target=write_by_hand)
    thread.start()
    thread.join(timeout=30)

    assert outcome[0] == "written"
    assert outcome[1].startswith("ledger: journal transaction") and "not balanced (1 postings summing to -1000" \
        in outcome[1]
    connection.set_tenant(company_a)
    assert not services.Account.objects.filter(provider="by-hand").exists()


def test_a_guarded_account_cannot_go_negative_through_sql(ledger):
    clearing, revenue = accounts()

    with connection.cursor() as cursor:
        journal = _insert_journal(cursor, kind="refund")
        with pytest.raises(IntegrityError, match="ledger_guarded_account_not_negative"), transaction.atomic():
            _insert_posting(cursor, journal, revenue.pk, -1)
        _insert_posting(cursor, journal, clearing.pk, -1)  # clearing is debit-normal: it may
        _insert_posting(cursor, journal, revenue.pk, 1)
        with pytest.raises(IntegrityError, match="changes only by postings"), transaction.atomic():
            cursor.execute("UPDATE ledger_account SET balance = 100 WHERE id = %s", [revenue.pk])
        with pytest.raises(IntegrityError, match="keeps its kind and guard"), transaction.atomic():
            cursor.execute("UPDATE ledger_account SET may_go_negative = true WHERE id = %s", [revenue.pk])

    revenue.refresh_from_db()
    assert revenue.balance == 1


def test_postings_and_journal_transactions_cannot_be_updated_or_deleted(ledger, people):
    journal = services.record_payment(actor=SYSTEM, order_id=9, provider="sandbox", fen=700)
    posting = journal.postings.first()

    for attempt in (
        lambda: Posting.objects.filter(pk=posting.pk).update(amount=1),
        lambda: Posting.objects.filter(pk=posting.pk).delete(),
        lambda: JournalTransaction.objects.filter(pk=journal.pk).update(memo="edited"),
        lambda: connection.cursor().execute("DELETE FROM ledger_journaltransaction WHERE id = %s", [journal.pk]),
    ):
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            attempt()

    assert Posting.objects.get(pk=posting.pk).amount == posting.amount
    assert selectors.balance_of(kind=AccountKind.COMPANY_REVENUE) == 700


def test_the_same_event_key_posts_once(ledger, people):
    first = services.record_payment(actor=SYSTEM, order_id=5, provider="wechat", fen=2_000, event_key="wx:4200")
    again = services.record_payment(actor=SYSTEM, order_id=5, provider="wechat", fen=2_000, event_key="wx:4200")

    assert again.pk == first.pk
    assert Posting.objects.filter(transaction__event_key="wx:4200").count() == 2
    assert selectors.balance_of(kind=AccountKind.PROVIDER_CLEARING, provider="wechat") == -2_000
    with pytest.raises(DomainError) as reused:
        services.record_payment(actor=SYSTEM, order_id=5, provider="wechat", fen=2_500, event_key="wx:4200")
    assert (reused.value.code, reused.value.status) == ("event_key_reused", 409)
    with pytest.raises(IntegrityError, match="event_key"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO ledger_journaltransaction (kind, memo, actor_name, event_key, created_at) "
                       "VALUES ('payment', '', '', 'wx:4200', now())")


def test_a_platform_fee_moves_the_company_and_the_platform_books_together(ledger, people, company_a):
    from shared_apps.platform_ledger import selectors as platform

    before = platform.platform_fee_revenue(), platform.fees_receivable_from(company_id=company_a.pk)
    before_a = platform.platform_fee_revenue(company_id=company_a.pk)
    services.record_payment(actor=SYSTEM, order_id=11, provider="sandbox", fen=10_000)

    services.charge_platform_fee(actor=SYSTEM, order_id=11, fen=500, event_key="fee:11")
    services.charge_platform_fee(actor=SYSTEM, order_id=11, fen=500, event_key="fee:11")  # redelivered

    assert selectors.balance_of(kind=AccountKind.PLATFORM_FEE_PAYABLE) == 500
    assert selectors.balance_of(kind=AccountKind.COMPANY_REVENUE) == 9_500
    assert (platform.platform_fee_revenue(), platform.fees_receivable_from(company_id=company_a.pk)) == (
        before[0] + 500, before[1] + 500)
    assert platform.platform_fee_revenue(company_id=company_a.pk) == before_a + 500
    assert platform.platform_ledger_total() == 0
    check_deferred_now()


def test_the_other_company_sees_none_of_the_ledger(ledger, company_b):
    services.record_payment(actor=SYSTEM, order_id=1, provider="sandbox", fen=900)

    connection.set_tenant(company_b)

    assert [(a.kind, a.balance) for a in selectors.account_balances()] == sorted(
        (str(kind), 0) for kind in services.COMPANY_ACCOUNTS)
    assert not JournalTransaction.objects.exists()


def test_a_new_company_opens_its_own_accounts_at_sign_up(company_a):
    connection.set_tenant(company_a)

    assert {(a.kind, a.balance, a.may_go_negative) for a in selectors.account_balances()
            if not a.provider and a.worker_id is None} == {
        ("company_cash", 0, True), ("company_revenue", 0, False), ("deposits_held", 0, False),
        ("platform_fee_payable", 0, False), ("tips", 0, False), ("refunds_payable", 0, False)}


def test_the_platform_ledger_holds_the_same_invariants(ledger, company_a):
    from shared_apps.platform_ledger.models import PlatformAccount, PlatformPosting

    services.record_payment(actor=SYSTEM, order_id=12, provider="sandbox", fen=1_000)
    services.charge_platform_fee(actor=SYSTEM, order_id=12, fen=100)
    posting = PlatformPosting.objects.filter(transaction__order_id=12, transaction__company=company_a).first()
    revenue = PlatformAccount.objects.get(kind="fee_revenue", company=company_a)

    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        PlatformPosting.objects.filter(pk=posting.pk).delete()
    with pytest.raises(IntegrityError, match="platform_guarded_account_not_negative"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("INSERT INTO platform_ledger_posting (transaction_id, account_id, amount, created_at) "
                       "VALUES (%s, %s, %s, now())", [posting.transaction_id, revenue.pk, -revenue.balance - 1])
    with pytest.raises(IntegrityError, match="not balanced"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO platform_ledger_posting (transaction_id, account_id, amount, created_at) "
                       "VALUES (%s, %s, 1, now())", [posting.transaction_id, revenue.pk])
        check_deferred_now()


def test_every_company_schema_carries_the_ledger_triggers(company_a, company_b):
    """Companies are cloned from the template schema; the clone must copy the invariants too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT n.nspname, c.relname, t.tgname, t.tgdeferrable FROM pg_trigger t "
                       "JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                       "WHERE NOT t.tgisinternal AND c.relname LIKE 'ledger_%%' AND n.nspname = ANY(%s)",
                       [[company_a.schema_name, company_b.schema_name]])
        found = {(schema, name, deferred) for schema, _table, name, deferred in cursor.fetchall()}

    for schema in (company_a.schema_name, company_b.schema_name):
        assert {(name, deferred) for s, name, deferred in found if s == schema} == {
            ("ledger_posting_balanced", True), ("ledger_journaltransaction_balanced", True),
            ("ledger_posting_moves_balance", False), ("ledger_posting_append_only", False),
            ("ledger_journaltransaction_append_only", False), ("ledger_account_guard", False)}


def test_bad_accounts_and_keys_are_field_errors_not_crashes(ledger, people):
    clearing, revenue = accounts()

    cases = [
        lambda: services.ensure_account(kind="piggy_bank"),
        lambda: services.ensure_account(kind=AccountKind.WORKER_PENDING),  # whose?
        lambda: services.ensure_account(kind=AccountKind.COMPANY_REVENUE, worker=people.worker_a),
        lambda: services.ensure_account(kind=AccountKind.PROVIDER_CLEARING),  # which provider?
        lambda: services.record_payment(actor=SYSTEM, order_id=1, provider="sandbox", fen=100, event_key="k" * 201),
        lambda: services.post(actor=SYSTEM, kind="gift", lines=[(clearing, -1), (revenue, 1)]),
    ]
    fields = []
    for case in cases:
        with pytest.raises(ValidationFailed) as refused:
            case()
        fields.append(sorted(refused.value.fields))

    assert fields == [["kind"], ["worker"], ["worker"], ["provider"], ["event_key"], ["kind"]]
    assert JournalTransaction.objects.count() == 0


def test_posting_a_tip_costs_a_fixed_number_of_queries(ledger, people, django_assert_num_queries):
    """The hot path of every payment: the accounts' ids are remembered, the journal row is claimed
    and the accounts locked in one round trip, the postings inserted in one statement (inside a
    savepoint here, as the test runs in a transaction); the trigger moves the balances."""
    services.record_tip(actor=SYSTEM, order_id=1, provider="sandbox", worker=people.worker_a, fen=100)

    with django_assert_num_queries(4):  # SAVEPOINT, claim + lock, postings, RELEASE SAVEPOINT
        services.record_tip(actor=SYSTEM, order_id=2, provider="sandbox", worker=people.worker_a, fen=100,
                            event_key="tip-2")
    with django_assert_num_queries(5):  # redelivered: SAVEPOINT, claim refused + lock, the first and its
        # postings read back (same movement?), RELEASE
        services.record_tip(actor=SYSTEM, order_id=2, provider="sandbox", worker=people.worker_a, fen=100,
                            event_key="tip-2")


def test_a_remembered_account_id_that_went_stale_is_looked_up_again(ledger, people):
    """Account ids are remembered per process; one whose row is gone (a rolled-back transaction made
    it) or is another account now (a schema made anew) must never receive the money."""
    services.record_payment(actor=SYSTEM, order_id=1, provider="sandbox", fen=500)
    clearing, revenue = accounts()
    tips = services.ensure_account(kind=AccountKind.TIPS)
    for key in [key for key, pk in services._CHART.items() if pk == revenue.pk]:
        services._CHART[key] = tips.pk  # "company_revenue" now names the tips account's id
    for key in [key for key, pk in services._CHART.items() if pk == clearing.pk]:
        services._CHART[key] = 10**12  # and the clearing account an id no row has

    services.record_payment(actor=SYSTEM, order_id=2, provider="sandbox", fen=700)

    assert selectors.balance_of(kind=AccountKind.COMPANY_REVENUE) == 1_200
    assert selectors.balance_of(kind=AccountKind.PROVIDER_CLEARING, provider="sandbox") == -1_200
    assert selectors.balance_of(kind=AccountKind.TIPS) == 0
    check_deferred_now()


def test_a_tip_nets_per_account_so_the_tips_account_is_not_touched(ledger, people):
    """The balance trigger runs once per statement on each account's net movement: a tip passes
    through the tips account (credited and debited) without writing its row again."""
    tips = services.ensure_account(kind=AccountKind.TIPS)

    def version() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SELECT xmin::text FROM ledger_account WHERE id = %s", [tips.pk])
            return cursor.fetchone()[0]

    before = version()
    services.record_tip(actor=SYSTEM, order_id=3, provider="sandbox", worker=people.worker_a, fen=250)

    assert version() == before
    assert selectors.balance_of(kind=AccountKind.TIPS) == 0
    assert selectors.balance_of(kind=AccountKind.WORKER_PENDING, worker=people.worker_a) == 250
    assert selectors.balance_of(kind=AccountKind.PROVIDER_CLEARING, provider="sandbox") == -250
    assert selectors.ledger_total() == 0
    check_deferred_now()
