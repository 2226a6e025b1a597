"""Reads of the company's ledger: balances, a worker's income, an account's statement."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import F, Sum, Window
from django.db.models.functions import TruncDate

from .models import Account, AccountKind, JournalTransaction, Posting, TransactionKind


def account_balances() -> list[Account]:
    """Every account of the chart with its balance (credits minus debits, fen)."""
    return list(Account.objects.order_by("kind", "provider", "worker_id"))


def balance_of(*, kind: str, provider: str = "", worker: Any = None) -> int:
    """One account's balance in fen (0 when it was never used)."""
    worker_id = getattr(worker, "pk", worker)
    found = Account.objects.filter(kind=kind, provider=provider, worker_id=worker_id) if worker_id is not None else \
        Account.objects.filter(kind=kind, provider=provider, worker__isnull=True)
    return found.values_list("balance", flat=True).first() or 0


def ledger_total() -> int:
    """The sum of every balance: zero, always (double entry)."""
    return Account.objects.aggregate(total=Sum("balance"))["total"] or 0


def transaction_for_event(*, event_key: str) -> JournalTransaction | None:
    """The journal transaction posted for a provider event or operation key, if any."""
    return JournalTransaction.objects.filter(event_key=event_key).first()


@dataclass(frozen=True)
class WorkerBalance:
    pending: int  # earned (and tipped), not yet settled
    available: int  # settled, may be withdrawn
    in_transit: int  # withdrawals on their way
    withdrawn: int  # withdrawals paid out, in total


def worker_balance(*, worker: Any) -> WorkerBalance:
    """A worker's money at this company, in fen."""
    worker_id = getattr(worker, "pk", worker)
    balances = dict(Account.objects.filter(worker_id=worker_id).values_list("kind", "balance"))
    paid = Posting.objects.filter(account__worker_id=worker_id, account__kind=AccountKind.WITHDRAWALS_IN_TRANSIT,
                                  transaction__kind=TransactionKind.WITHDRAWAL_PAID).aggregate(total=Sum("amount"))
    return WorkerBalance(pending=balances.get(AccountKind.WORKER_PENDING, 0),
                         available=balances.get(AccountKind.WORKER_AVAILABLE, 0),
                         in_transit=balances.get(AccountKind.WITHDRAWALS_IN_TRANSIT, 0),
                         withdrawn=-(paid["total"] or 0))


@dataclass(frozen=True)
class IncomeDay:
    day: date
    earned: int  # the worker's share of completed orders
    tips: int
    settled: int  # became available
    withdrawn: int  # paid out


def worker_income_by_day(*, worker: Any, time_zone: str, since: date | None = None,
                         until: date | None = None) -> list[IncomeDay]:
    """A worker's income at this company by day in `time_zone` (the company's), newest first."""
    worker_id = getattr(worker, "pk", worker)
    rows = (Posting.objects.filter(account__worker_id=worker_id)
            .annotate(day=TruncDate("created_at", tzinfo=ZoneInfo(time_zone)))
            .values("day", "account__kind", "transaction__kind").annotate(total=Sum("amount")))
    if since is not None:
        rows = rows.filter(day__gte=since)
    if until is not None:
        rows = rows.filter(day__lte=until)
    days: dict[date, dict[str, int]] = {}
    for row in rows:
        figures = days.setdefault(row["day"], {"earned": 0, "tips": 0, "settled": 0, "withdrawn": 0})
        kinds = (row["account__kind"], row["transaction__kind"])
        if kinds == (AccountKind.WORKER_PENDING, TransactionKind.WORKER_EARNING):
            figures["earned"] += row["total"]
        elif kinds == (AccountKind.WORKER_PENDING, TransactionKind.TIP):
            figures["tips"] += row["total"]
        elif kinds == (AccountKind.WORKER_AVAILABLE, TransactionKind.SETTLEMENT):
            figures["settled"] += row["total"]
        elif kinds == (AccountKind.WITHDRAWALS_IN_TRANSIT, TransactionKind.WITHDRAWAL_PAID):
            figures["withdrawn"] -= row["total"]
    return [IncomeDay(day=day, **figures) for day, figures in sorted(days.items(), reverse=True)]


def earnings_due_for_settlement(*, worker: Any, earned_before: datetime) -> int:
    """What settlement should move to available now: the worker's earnings and tips booked before
    `earned_before` (completion + the company's N days), less what was settled already."""
    worker_id = getattr(worker, "pk", worker)
    pending = Posting.objects.filter(account__worker_id=worker_id, account__kind=AccountKind.WORKER_PENDING)
    earned = pending.filter(amount__gt=0, created_at__lt=earned_before).aggregate(total=Sum("amount"))["total"] or 0
    settled = -(pending.filter(transaction__kind=TransactionKind.SETTLEMENT).aggregate(total=Sum("amount"))["total"]
                or 0)
    return max(earned - settled, 0)


@dataclass(frozen=True)
class StatementLine:
    posted_at: datetime
    kind: str
    memo: str
    order_id: int | None
    amount: int  # credit positive, debit negative
    balance: int  # after this line


def statement(*, account: Account, since: datetime | None = None, until: datetime | None = None) -> list[StatementLine]:
    """The account's postings in order with the running balance, optionally for a period."""
    postings = Posting.objects.filter(account=account)
    opening = 0
    if since is not None:
        opening = postings.filter(created_at__lt=since).aggregate(total=Sum("amount"))["total"] or 0
        postings = postings.filter(created_at__gte=since)
    if until is not None:
        postings = postings.filter(created_at__lt=until)
    rows = (postings.annotate(running=Window(Sum("amount"), order_by=F("id").asc()))
            .values("created_at", "transaction__kind", "transaction__memo", "transaction__order_id", "amount",
                    "running").order_by("id"))
    return [StatementLine(posted_at=row["created_at"], kind=row["transaction__kind"], memo=row["transaction__memo"],
                          order_id=row["transaction__order_id"], amount=row["amount"], balance=opening + row["running"])
            for row in rows]


def postings_of(*, order_id: int) -> list[Posting]:
    """Every posting booked against an order (receipts, reconciliation)."""
    return list(Posting.objects.filter(transaction__order_id=order_id).select_related("transaction", "account")
                .order_by("id"))


def posted_for_events(*, event_keys: list[str]) -> dict[str, int]:
    """The amount each journal transaction moved (the sum of its credits, fen), by event key; keys
    never posted are absent. One query."""
    if not event_keys:
        return {}
    rows = (Posting.objects.filter(transaction__event_key__in=event_keys, amount__gt=0)
            .values_list("transaction__event_key").annotate(total=Sum("amount")))
    return dict(rows)


@dataclass(frozen=True)
class WorkerBalanceRow:
    worker_id: int
    worker_name: str
    pending: int
    available: int
    in_transit: int


def worker_balances() -> list[WorkerBalanceRow]:
    """Each worker's balances at this company (pending, available, in transit, fen), by name. One
    query whatever the number of workers."""
    rows: dict[int, dict[str, Any]] = {}
    for account in Account.objects.filter(worker__isnull=False).select_related("worker").order_by("worker_id"):
        row = rows.setdefault(account.worker_id, {"worker_name": str(account.worker)})
        row[account.kind] = account.balance
    return sorted((WorkerBalanceRow(worker_id=worker_id, worker_name=row["worker_name"],
                                    pending=row.get(AccountKind.WORKER_PENDING, 0),
                                    available=row.get(AccountKind.WORKER_AVAILABLE, 0),
                                    in_transit=row.get(AccountKind.WITHDRAWALS_IN_TRANSIT, 0))
                   for worker_id, row in rows.items()), key=lambda r: (r.worker_name, r.worker_id))
