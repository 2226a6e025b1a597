"""Money movements: the only writers of the company's ledger. Other apps call `post` or one of the
named movements below; each is one journal transaction, posted once per event key.

The journal transaction is the record of the change (who, when, what, why: actor, created_at,
postings, memo) and is append-only in the database, so these services write no change-log row."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import get_tenant_model

from shared_apps.core.actor import SystemActor
from shared_apps.core.errors import DomainError, ValidationFailed

from .errors import LedgerError
from .locks import LOCK_ACCOUNTS, LockedAccount, locked_rows
from .models import (
    MAY_GO_NEGATIVE,
    PER_PROVIDER,
    PER_WORKER,
    Account,
    AccountKind,
    JournalTransaction,
    Posting,
    TransactionKind,
)

Line = tuple[Account, int]
AccountKey = tuple[str, str, int | None]  # kind, provider, worker id


def post(*, actor: Any, kind: str, lines: Sequence[Line], event_key: str | None = None,
         order_id: int | None = None, memo: str = "") -> JournalTransaction:
    """Post one balanced journal transaction: `lines` are (account, fen), credit positive, debit
    negative, summing to zero. With an `event_key` it posts once: a second call with the same key
    returns the first transaction and posts nothing (a different movement under a used key is an
    error). A guarded account that would go below zero refuses the whole transaction.

    The hot path of every payment: two round trips inside the transaction (the journal row and the
    accounts' locks in one, the postings in one statement; the balances move by trigger)."""
    lines = _checked(kind=kind, lines=lines)
    if event_key is not None and (not isinstance(event_key, str) or len(event_key) > 200):
        raise ValidationFailed({"event_key": [_("An event key is text of at most 200 characters.")]})
    try:
        return _post_once(actor=actor, kind=kind, lines=lines, event_key=event_key, order_id=order_id, memo=memo)
    except _StaleAccount:
        if not any(getattr(account, "from_chart", False) for account, _fen in lines):
            raise
    # A remembered account id is no longer that account (its schema was made anew, or the
    # transaction that made it rolled back): look the accounts up again, once.
    _CHART.clear()
    fresh = _chart([(account.kind, account.provider, account.worker_id) for account, _fen in lines])
    lines = [(account, fen) for account, (_stale, fen) in zip(fresh, lines, strict=True)]
    return _post_once(actor=actor, kind=kind, lines=lines, event_key=event_key, order_id=order_id, memo=memo)


def _post_once(*, actor: Any, kind: str, lines: list[Line], event_key: str | None, order_id: int | None,
               memo: str) -> JournalTransaction:
    with transaction.atomic():
        journal, accounts = _new_journal_locking(
            actor=actor, kind=kind, event_key=event_key or None, order_id=order_id, memo=memo,
            account_ids=[account.pk for account, _fen in lines])
        _same_accounts(accounts, lines)
        if journal is None:  # posted before (a concurrent post of the key waited for that one to commit)
            return _same_movement(JournalTransaction.objects.get(event_key=event_key), kind=kind, lines=lines)
        _refuse_overdraft(accounts, lines)
        # One statement: the balance trigger nets it per account, so the accounts' CHECK sees each
        # account's net movement (as _refuse_overdraft does). Credits first all the same.
        ordered = sorted(lines, key=lambda line: -line[1])
        with connection.cursor() as cursor:
            cursor.execute(_INSERT_POSTINGS, [journal.pk, journal.created_at, [account.pk for account, _fen in ordered],
                                              [fen for _account, fen in ordered]])
    return journal


def ensure_account(*, kind: str, provider: str = "", worker: Any = None) -> Account:
    """The account of the chart for this kind (and provider or worker), made on first use."""
    if kind not in AccountKind.values:
        raise ValidationFailed({"kind": [_("Unknown kind of account.")]})
    if kind in PER_PROVIDER:
        return _accounts([_clearing(provider)])[0]
    worker_id = _worker_id(worker)
    if provider or (worker_id is None) == (kind in PER_WORKER):
        raise ValidationFailed({"worker": [_("Worker accounts, and only they, name the worker.")]})
    return _accounts([(kind, "", worker_id)])[0]


COMPANY_ACCOUNTS = (AccountKind.COMPANY_CASH, AccountKind.COMPANY_REVENUE, AccountKind.DEPOSITS_HELD,
                    AccountKind.PLATFORM_FEE_PAYABLE, AccountKind.TIPS, AccountKind.REFUNDS_PAYABLE)


def ensure_company_accounts() -> list[Account]:
    """The company's own accounts (neither per provider nor per worker), made when missing."""
    return _accounts([(kind, "", None) for kind in COMPANY_ACCOUNTS])


# --- the movements -----------------------------------------------------------------------------

def record_payment(*, actor: Any, order_id: int, provider: str, fen: int, event_key: str | None = None,
                   memo: str = "") -> JournalTransaction:
    """A customer paid an order in full at `provider`: the provider holds it, the company is owed it."""
    clearing, revenue = _chart([_clearing(provider), (AccountKind.COMPANY_REVENUE, "", None)])
    amount = _positive(fen)
    return post(actor=actor, kind=TransactionKind.PAYMENT, lines=[(clearing, -amount), (revenue, amount)],
                event_key=event_key, order_id=order_id, memo=memo)


def record_deposit(*, actor: Any, order_id: int, provider: str, fen: int, event_key: str | None = None,
                   memo: str = "") -> JournalTransaction:
    """A customer paid a deposit at booking: held until the visit is done (or refunded)."""
    clearing, deposits = _chart([_clearing(provider), (AccountKind.DEPOSITS_HELD, "", None)])
    amount = _positive(fen)
    return post(actor=actor, kind=TransactionKind.DEPOSIT, lines=[(clearing, -amount), (deposits, amount)],
                event_key=event_key, order_id=order_id, memo=memo)


def release_deposit(*, actor: Any, order_id: int, fen: int, event_key: str | None = None,
                    memo: str = "") -> JournalTransaction:
    """The visit was done: the deposit becomes the company's."""
    deposits, revenue = _chart([(AccountKind.DEPOSITS_HELD, "", None), (AccountKind.COMPANY_REVENUE, "", None)])
    amount = _positive(fen)
    return post(actor=actor, kind=TransactionKind.COMPANY_SHARE, lines=[(deposits, -amount), (revenue, amount)],
                event_key=event_key, order_id=order_id, memo=memo)


def release_order_deposit(*, actor: Any, order_id: int) -> JournalTransaction | None:
    """The visit of `order_id` was done: whatever deposit is still held for it (paid less refunded)
    becomes the company's revenue, once (event key `deposit_release:<order id>`). None when nothing
    is held. The caller holds the order's lock, so no refund of the deposit races this read."""
    held = (Posting.objects.filter(transaction__order_id=order_id, account__kind=AccountKind.DEPOSITS_HELD)
            .aggregate(total=Sum("amount"))["total"] or 0)
    if held <= 0:
        return None
    return release_deposit(actor=actor, order_id=order_id, fen=held, event_key=f"deposit_release:{order_id}",
                           memo=_("Deposit released: the visit was done"))


def charge_platform_fee(*, actor: Any, order_id: int, fen: int, event_key: str | None = None,
                        memo: str = "") -> JournalTransaction:
    """The platform's fee on an order: the company owes it (here), and the platform's ledger (public)
    books it as receivable from this company and earned, in the same database transaction."""
    from shared_apps.platform_ledger.services import post_platform_fee

    revenue, payable = _chart([(AccountKind.COMPANY_REVENUE, "", None),
                                (AccountKind.PLATFORM_FEE_PAYABLE, "", None)])
    amount = _positive(fen)
    with transaction.atomic():
        journal = post(actor=actor, kind=TransactionKind.PLATFORM_FEE, lines=[(revenue, -amount), (payable, amount)],
                       event_key=event_key, order_id=order_id, memo=memo)
        post_platform_fee(actor=actor, company_id=_company_id(), fen=amount, order_id=order_id, memo=memo,
                          event_key=f"{connection.schema_name}:{event_key}" if event_key else None)
    return journal


def record_tip(*, actor: Any, order_id: int, provider: str, worker: Any, fen: int, event_key: str | None = None,
               memo: str = "") -> JournalTransaction:
    """A customer tipped the worker: it passes through the company's tips account to the worker in
    full, pending like the worker's earnings."""
    clearing, tips, pending = _chart([_clearing(provider), (AccountKind.TIPS, "", None),
                                       (AccountKind.WORKER_PENDING, "", _worker_id(worker))])
    amount = _positive(fen)
    return post(actor=actor, kind=TransactionKind.TIP,
                lines=[(clearing, -amount), (tips, amount), (tips, -amount), (pending, amount)],
                event_key=event_key, order_id=order_id, memo=memo)


def accrue_worker_earning(*, actor: Any, order_id: int, worker: Any, fen: int, event_key: str | None = None,
                          memo: str = "") -> JournalTransaction:
    """The worker's share of a completed order, from the company's revenue, pending until settlement."""
    revenue, pending = _chart([(AccountKind.COMPANY_REVENUE, "", None),
                                (AccountKind.WORKER_PENDING, "", _worker_id(worker))])
    amount = _positive(fen)
    return post(actor=actor, kind=TransactionKind.WORKER_EARNING, lines=[(revenue, -amount), (pending, amount)],
                event_key=event_key, order_id=order_id, memo=memo)


def settle_earnings(*, actor: Any, worker: Any, fen: int, event_key: str | None = None,
                    memo: str = "") -> JournalTransaction:
    """Pending earnings (and tips) become available to withdraw."""
    pending, available = _chart([(AccountKind.WORKER_PENDING, "", _worker_id(worker)),
                                  (AccountKind.WORKER_AVAILABLE, "", _worker_id(worker))])
    amount = _positive(fen)
    return post(actor=actor, kind=TransactionKind.SETTLEMENT, lines=[(pending, -amount), (available, amount)],
                event_key=event_key, memo=memo)


def record_refund(*, actor: Any, order_id: int, fen: int, from_deposit: bool = False,
                  event_key: str | None = None, memo: str = "") -> JournalTransaction:
    """A refund was decided: the customer is owed it, from the company's revenue or the held deposit,
    until the provider pays it (`complete_refund`)."""
    source = AccountKind.DEPOSITS_HELD if from_deposit else AccountKind.COMPANY_REVENUE
    funded_by, payable = _chart([(source, "", None), (AccountKind.REFUNDS_PAYABLE, "", None)])
    amount = _positive(fen)
    return post(actor=actor, kind=TransactionKind.REFUND, lines=[(funded_by, -amount), (payable, amount)],
                event_key=event_key, order_id=order_id, memo=memo)


def complete_refund(*, actor: Any, order_id: int, provider: str, fen: int, event_key: str | None = None,
                    memo: str = "") -> JournalTransaction:
    """The provider paid the refund back to the customer."""
    payable, clearing = _chart([(AccountKind.REFUNDS_PAYABLE, "", None), _clearing(provider)])
    amount = _positive(fen)
    return post(actor=actor, kind=TransactionKind.REFUND_PAID, lines=[(payable, -amount), (clearing, amount)],
                event_key=event_key, order_id=order_id, memo=memo)


def start_withdrawal(*, actor: Any, worker: Any, fen: int, event_key: str | None = None,
                     memo: str = "") -> JournalTransaction:
    """A withdrawal was approved: the amount leaves the worker's available balance, in transit."""
    available, in_transit = _chart([(AccountKind.WORKER_AVAILABLE, "", _worker_id(worker)),
                                     (AccountKind.WITHDRAWALS_IN_TRANSIT, "", _worker_id(worker))])
    amount = _positive(fen)
    return post(actor=actor, kind=TransactionKind.WITHDRAWAL, lines=[(available, -amount), (in_transit, amount)],
                event_key=event_key, memo=memo)


def complete_withdrawal(*, actor: Any, worker: Any, provider: str, fen: int, event_key: str | None = None,
                        memo: str = "") -> JournalTransaction:
    """The provider's transfer reached the worker: the money left through that provider."""
    in_transit, clearing = _chart([(AccountKind.WITHDRAWALS_IN_TRANSIT, "", _worker_id(worker)),
                                    _clearing(provider)])
    amount = _positive(fen)
    return post(actor=actor, kind=TransactionKind.WITHDRAWAL_PAID, lines=[(in_transit, -amount), (clearing, amount)],
                event_key=event_key, memo=memo)


def fail_withdrawal(*, actor: Any, worker: Any, fen: int, event_key: str | None = None,
                    memo: str = "") -> JournalTransaction:
    """The transfer failed: the amount goes back to the worker's available balance."""
    in_transit, available = _chart([(AccountKind.WITHDRAWALS_IN_TRANSIT, "", _worker_id(worker)),
                                     (AccountKind.WORKER_AVAILABLE, "", _worker_id(worker))])
    amount = _positive(fen)
    return post(actor=actor, kind=TransactionKind.WITHDRAWAL_FAILED,
                lines=[(in_transit, -amount), (available, amount)], event_key=event_key, memo=memo)


def grant_remedy_credit(*, actor: Any, order_id: int, fen: int, event_key: str | None = None,
                        memo: str = "") -> JournalTransaction:
    """An after-sales remedy: credit the customer can spend with the company, from its revenue."""
    revenue, credit = _accounts([(AccountKind.COMPANY_REVENUE, "", None), (AccountKind.CUSTOMER_CREDIT, "", None)])
    amount = _positive(fen)
    return post(actor=actor, kind=TransactionKind.REMEDY_CREDIT, lines=[(revenue, -amount), (credit, amount)],
                event_key=event_key, order_id=order_id, memo=memo)


REMEDY_BEARERS = {"worker": AccountKind.WORKER_OWES, "platform": AccountKind.PLATFORM_OWES,
                  "insurer": AccountKind.INSURER_OWES}


def charge_remedy_cost(*, actor: Any, order_id: int, bearer: str, fen: int, worker: Any = None,
                       event_key: str | None = None, memo: str = "") -> JournalTransaction | None:
    """A remedy's cost (a refund, a credit, a free visit) was paid out of the company's revenue; when
    someone else bears it, the company's revenue gets it back and that party owes it (the worker, per
    worker; the platform; the insurer), settled outside this movement. The company bearing it posts
    nothing: its revenue already paid. Debit-normal "owes" accounts, so a claim never overdraws."""
    amount = _positive(fen)
    if bearer == "company":
        return None
    if bearer not in REMEDY_BEARERS:
        raise ValidationFailed({"bearer": [_("Choose who bears the cost.")]})
    owes_key = (REMEDY_BEARERS[bearer], "", _worker_id(worker) if bearer == "worker" else None)
    if bearer == "worker" and owes_key[2] is None:
        raise ValidationFailed({"worker": [_("Name the worker.")]})
    owes, revenue = _accounts([owes_key, (AccountKind.COMPANY_REVENUE, "", None)])
    return post(actor=actor, kind=TransactionKind.REMEDY_COST, lines=[(owes, -amount), (revenue, amount)],
                event_key=event_key, order_id=order_id, memo=memo)


def record_insurance_premium(*, actor: Any, order_id: int, fen: int, event_key: str | None = None,
                             memo: str = "") -> JournalTransaction:
    """A visit's insurance premium: the company's expense, owed to the insurer (paid outside)."""
    expense, payable = _accounts([(AccountKind.INSURANCE_EXPENSE, "", None),
                                  (AccountKind.INSURANCE_PAYABLE, "", None)])
    amount = _positive(fen)
    return post(actor=actor, kind=TransactionKind.INSURANCE_PREMIUM, lines=[(expense, -amount), (payable, amount)],
                event_key=event_key, order_id=order_id, memo=memo)


# --- inside ------------------------------------------------------------------------------------

def _checked(*, kind: str, lines: Sequence[Line]) -> list[Line]:
    if kind not in TransactionKind.values:
        raise ValidationFailed({"kind": [_("Unknown kind of money movement.")]})
    lines = list(lines)
    if len(lines) < 2:
        raise ValidationFailed({"lines": [_("A money movement needs at least two postings.")]})
    if any(type(fen) is not int or fen == 0 or account.pk is None for account, fen in lines):
        raise ValidationFailed({"lines": [_("Each posting is a whole, non-zero number of fen on a saved account.")]})
    total = sum(fen for _account, fen in lines)
    if total != 0:
        raise ValidationFailed({"lines": [_("The postings must sum to zero; they sum to %(total)s fen.")
                                          % {"total": total}]})
    return lines


def _positive(fen: Any) -> int:
    if type(fen) is not int or fen <= 0:
        raise ValidationFailed({"fen": [_("Enter a whole, positive number of fen.")]})
    return fen


_INSERT_POSTINGS = (
    "INSERT INTO ledger_posting (transaction_id, account_id, amount, created_at) "
    "SELECT %s, line.account_id, line.amount, %s FROM unnest(%s::bigint[], %s::bigint[]) "
    "WITH ORDINALITY AS line(account_id, amount, position) ORDER BY line.position")
_INSERT_JOURNAL = (
    "INSERT INTO ledger_journaltransaction (kind, memo, order_id, event_key, actor_id, actor_name, created_at) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (event_key) DO NOTHING RETURNING id")


def _new_journal_locking(*, actor: Any, kind: str, event_key: str | None, order_id: int | None, memo: str,
                         account_ids: list[int]) -> tuple[JournalTransaction | None, dict[int, LockedAccount]]:
    """The new journal row (None when its event key is taken), then the accounts locked in id order:
    two statements in one round trip, in this order. The unique index makes a concurrent post of the
    same key wait for the first to commit (then this one inserts nothing) before any account is
    locked, as when they were two round trips. (Several statements in one execute need psycopg's
    client-side binding, Django's default.)"""
    user_id = None if actor is None or isinstance(actor, SystemActor) else getattr(actor, "pk", None)
    fields = {"kind": str(kind), "memo": (memo or "")[:300], "order_id": order_id, "event_key": event_key,
              "actor_id": user_id, "actor_name": str(actor)[:150] if actor is not None else "",
              "created_at": timezone.now()}
    with connection.cursor() as cursor:
        cursor.execute(f"{_INSERT_JOURNAL}; {LOCK_ACCOUNTS}", [*fields.values(), sorted(set(account_ids))])
        row = cursor.fetchone()
        cursor.nextset()
        accounts = locked_rows(cursor.fetchall())
    if row is None:
        return None, accounts
    journal = JournalTransaction(id=row[0], **fields)
    journal._state.adding, journal._state.db = False, connection.alias
    return journal, accounts


def _same_accounts(accounts: dict[int, LockedAccount], lines: Sequence[Line]) -> None:
    """Each line's account is the row locked under its id: saved, and (for the chart's cached ids,
    see _chart) still the account of that kind, provider and worker."""
    for account, _fen in lines:
        row = accounts.get(account.pk)
        if row is None or (row.kind, row.provider, row.worker_id) != (account.kind, account.provider,
                                                                       account.worker_id):
            raise _StaleAccount({"lines": [_("Each posting is a whole, non-zero number of fen on a saved "
                                             "account.")]})


def _same_movement(first: JournalTransaction, *, kind: str, lines: Sequence[Line]) -> JournalTransaction:
    """The transaction already posted under this key, when it is the same movement."""
    posted = Counter(first.postings.values_list("account_id", "amount"))
    if first.kind != kind or posted != Counter((account.pk, fen) for account, fen in lines):
        raise DomainError(LedgerError.EVENT_KEY_REUSED,
                          _("This event was already booked as a different money movement."), status=409)
    return first


def _refuse_overdraft(accounts: dict[int, LockedAccount], lines: Sequence[Line]) -> None:
    change: dict[int, int] = defaultdict(int)
    for account, fen in lines:
        change[account.pk] += fen
    for pk, delta in change.items():
        account = accounts[pk]
        if not account.may_go_negative and account.balance + delta < 0:
            raise DomainError(
                LedgerError.INSUFFICIENT_BALANCE,
                _("Not enough money: the account holds %(balance)s fen and this needs %(needed)s fen.")
                % {"balance": account.balance, "needed": -delta},
                status=409, extra={"account": account.kind, "balance": account.balance, "needed": -delta})


def _clearing(provider: str) -> AccountKey:
    if not isinstance(provider, str) or not provider.strip() or len(provider) > 30:
        raise ValidationFailed({"provider": [_("Name the payment provider.")]})
    return (AccountKind.PROVIDER_CLEARING, provider.strip(), None)


def _worker_id(worker: Any) -> int | None:
    if worker is None:
        return None
    worker_id = worker if isinstance(worker, int) else getattr(worker, "pk", None)
    if not isinstance(worker_id, int):
        raise ValidationFailed({"worker": [_("Name the worker.")]})
    return worker_id


def _accounts(keys: Sequence[AccountKey]) -> list[Account]:
    """The accounts for these keys, in the same order, made (once, even under races) when missing."""
    def lookup(kind: str, provider: str, worker_id: int | None) -> Q:
        return Q(kind=kind, provider=provider, worker_id=worker_id) if worker_id is not None else \
            Q(kind=kind, provider=provider, worker__isnull=True)

    def load() -> dict[AccountKey, Account]:
        condition = Q()
        for key in keys:
            condition |= lookup(*key)
        return {(a.kind, a.provider, a.worker_id): a for a in Account.objects.filter(condition)}

    found = load()
    missing = [key for key in dict.fromkeys(keys) if key not in found]
    if missing:
        Account.objects.bulk_create(
            [Account(kind=kind, provider=provider, worker_id=worker_id, may_go_negative=kind in MAY_GO_NEGATIVE)
             for kind, provider, worker_id in missing], ignore_conflicts=True)
        found = load()
    return [found[(str(kind), provider, worker_id)] for kind, provider, worker_id in keys]


class _StaleAccount(ValidationFailed):
    """A line's account id is not (or no longer) the account it stands for."""


# The chart's account ids, remembered per process: an account is never deleted and never changes its
# kind, provider or worker (ledger_guard_account), so a movement needs no query to find them. Every
# post checks them against the rows it locks anyway (_same_accounts) and looks them up again when one
# is stale. Keyed by database and schema.
_CHART: dict[tuple, int] = {}
_CHART_LIMIT = 50_000


def _chart(keys: Sequence[AccountKey]) -> list[Account]:
    """The accounts for these keys, like _accounts, from remembered ids when all are known (the
    instances then carry the key and no balance: for posting, not for reading)."""
    where = (connection.alias, connection.settings_dict["NAME"], connection.schema_name)
    keys = [(str(kind), provider, worker_id) for kind, provider, worker_id in keys]
    ids = [_CHART.get((*where, *key)) for key in keys]
    if None not in ids:
        accounts = []
        for pk, (kind, provider, worker_id) in zip(ids, keys, strict=True):
            account = Account(id=pk, kind=kind, provider=provider, worker_id=worker_id,
                              may_go_negative=kind in MAY_GO_NEGATIVE)
            account.from_chart = True
            accounts.append(account)
        return accounts
    accounts = _accounts(keys)
    if len(_CHART) > _CHART_LIMIT:
        _CHART.clear()
    for key, account in zip(keys, accounts, strict=True):
        _CHART[(*where, *key)] = account.pk
    return accounts


def _company_id() -> int:
    """The company whose schema this connection works in (inside schema_context too)."""
    pk = getattr(connection.tenant, "pk", None)
    if pk is None:
        pk = get_tenant_model().objects.only("pk").get(schema_name=connection.schema_name).pk
    return pk
