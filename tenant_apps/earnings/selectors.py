"""Reads of earnings: the company's commission settings, a worker's income at this company, the
withdrawals a worker made and the office's review queue."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet, Sum

from shared_apps.core.errors import NotFound
from shared_apps.core.sealing import unseal
from tenant_apps.ledger.selectors import IncomeDay, WorkerBalance, worker_balance, worker_income_by_day

from .commission import Rule, Share, share_rule_for
from .models import (
    OPEN_WITHDRAWALS,
    CommissionRule,
    Earning,
    EarningSettings,
    PayoutMethod,
    Withdrawal,
    WithdrawalStatus,
)


def earning_settings() -> EarningSettings:
    """The company's settings (defaults when never saved; a read never writes the row)."""
    return EarningSettings.objects.filter(pk=1).first() or EarningSettings(pk=1)


def commission_rules() -> QuerySet[CommissionRule]:
    return CommissionRule.objects.select_related("service").order_by("service_id", "worker_level", "id")


def share_for(*, service_id: int | None, worker_level: int | None, total: int) -> int:
    """The worker's share in fen of an order of `total` fen, by the company's rules."""
    row = earning_settings()
    default = Share(kind=row.share_kind, percent=row.share_percent, fixed=row.share_fixed)
    rules = [Rule(service_id=r.service_id, worker_level=r.worker_level,
                  share=Share(kind=r.share_kind, percent=r.share_percent, fixed=r.share_fixed))
             for r in CommissionRule.objects.filter(Q(service_id=service_id) | Q(worker_level=worker_level))]
    return share_rule_for(rules=rules, default=default, service_id=service_id, worker_level=worker_level).of(total)


@dataclass(frozen=True)
class WorkerIncome:
    """A worker's money at this company (fen)."""

    completed_orders: int
    earned: int  # shares and tips of completed orders
    balance: WorkerBalance  # pending, available (settled), in transit, withdrawn
    days: list[IncomeDay]


def worker_income(*, worker: Any, time_zone: str, days: int = 30) -> WorkerIncome:
    """What the worker earned here: totals, balances and the last `days` days in the company's zone."""
    worker_id = getattr(worker, "pk", worker)
    totals = Earning.objects.filter(worker_id=worker_id).aggregate(
        count=Count("id"), share=Sum("share"), tip=Sum("tip"))
    since = datetime.now(ZoneInfo(time_zone)).date() - timedelta(days=days - 1)
    return WorkerIncome(completed_orders=totals["count"] or 0, earned=(totals["share"] or 0) + (totals["tip"] or 0),
                        balance=worker_balance(worker=worker_id),
                        days=worker_income_by_day(worker=worker_id, time_zone=time_zone, since=since))


def earnings_of_worker(*, worker: Any) -> QuerySet[Earning]:
    return Earning.objects.filter(worker_id=getattr(worker, "pk", worker)).order_by("-completed_at", "-id")


def withdrawals_of_worker(*, worker: Any) -> QuerySet[Withdrawal]:
    return (Withdrawal.objects.filter(worker_id=getattr(worker, "pk", worker)).select_related("worker")
            .order_by("-created_at", "-id"))


def withdrawal_queue(*, status: str | None = WithdrawalStatus.REQUESTED) -> QuerySet[Withdrawal]:
    """The office's review queue (oldest first), or every withdrawal with `status=None`."""
    found = Withdrawal.objects.select_related("worker", "reviewed_by")
    if status:
        return found.filter(status=status).order_by("created_at", "id")
    return found.order_by("-created_at", "-id")


def get_withdrawal_for(*, worker: Any = None, withdrawal_id: Any) -> Withdrawal:
    """One withdrawal: the worker's own (with `worker`), or any of the company's (the office). A
    missing one and another worker's look the same."""
    try:
        pk = int(withdrawal_id)
    except (TypeError, ValueError):
        raise NotFound("withdrawal") from None
    found = Withdrawal.objects.select_related("worker", "reviewed_by").filter(pk=pk)
    if worker is not None:
        found = found.filter(worker_id=getattr(worker, "pk", worker))
    withdrawal = found.first()
    if withdrawal is None:
        raise NotFound("withdrawal")
    return withdrawal


def withdrawn_today(*, worker: Any, time_zone: str, now: datetime) -> int:
    """Fen the worker asked to withdraw today (company's day), refused and failed ones left out."""
    zone = ZoneInfo(time_zone)
    start = datetime.combine(now.astimezone(zone).date(), time.min, tzinfo=zone)
    return Withdrawal.objects.filter(worker_id=getattr(worker, "pk", worker), created_at__gte=start,
                                     status__in=OPEN_WITHDRAWALS).aggregate(total=Sum("amount"))["total"] or 0


def masked_account(withdrawal: Withdrawal) -> str:
    """The payee account as pages show it: enough to recognise, never the whole number."""
    account = str(unseal(withdrawal.sealed_account).get("account", ""))
    return mask(method=withdrawal.method, account=account)


def mask(*, method: str, account: str) -> str:
    if method == PayoutMethod.BANK_CARD:
        return f"**** **** **** {account[-4:]}"
    if "@" in account:
        name, _at, domain = account.partition("@")
        return f"{name[:1]}***@{domain}"
    if account.isdigit() and len(account) >= 7:
        return f"{account[:3]}****{account[-4:]}"
    return f"{account[:2]}****{account[-2:]}" if len(account) > 4 else "****"


def account_in_clear(withdrawal: Withdrawal) -> str:
    """The payee account in clear: for the transfer to the provider only, never a page or a log."""
    return str(unseal(withdrawal.sealed_account).get("account", ""))




def transfer_lookup(withdrawal: Withdrawal):
    """What the transfer's provider says about a withdrawal: its TransferState, or None when it does
    not know it (or cannot answer)."""
    from shared_apps.core.errors import DomainError
    from shared_apps.payment_providers.interface import ProviderError

    from .transfers import notification_provider

    try:
        return notification_provider(withdrawal.provider).query_transfer(reference=withdrawal.reference)
    except (ProviderError, DomainError):
        return None


def payout_reconciliation(*, day, time_zone: str, lookup=transfer_lookup) -> list:
    """The reconciliation rows of the day's payouts: each withdrawal handed to a provider (approved,
    or finished, that company day), the ledger's `withdrawal:<id>:paid` posting and the provider's
    transfer (`lookup`, one call each). Two queries whatever the number of withdrawals."""
    from tenant_apps.ledger.selectors import posted_for_events
    from tenant_apps.payments.reconciliation import ReconciliationRow, Section, compare
    from tenant_apps.payments.selectors import day_bounds

    start, end = day_bounds(day, time_zone)
    withdrawals = list(Withdrawal.objects.exclude(provider="")
                       .filter(Q(reviewed_at__gte=start, reviewed_at__lt=end)
                               | Q(finished_at__gte=start, finished_at__lt=end)).order_by("reviewed_at", "pk"))
    posted = posted_for_events(event_keys=[f"withdrawal:{w.pk}:paid" for w in withdrawals])
    rows = []
    for withdrawal in withdrawals:
        ledger_fen = posted.get(f"withdrawal:{withdrawal.pk}:paid", 0)
        state = lookup(withdrawal)
        done = state is not None and str(state.status) == "succeeded"
        rows.append(ReconciliationRow(
            section=Section.PAYOUT, record_id=withdrawal.pk, order_id=None, reference=withdrawal.reference,
            provider=withdrawal.provider, kind=withdrawal.method, status=withdrawal.status,
            amount_fen=withdrawal.amount,
            ledger_fen=ledger_fen, provider_status=str(state.status) if state is not None else "",
            provider_fen=state.amount_fen if state is not None else None,
            outcome=compare(ours=withdrawal.amount, ledger_fen=ledger_fen, done_at_provider=done,
                            provider_fen=state.amount_fen if done else 0)))
    return rows


def offline_payment_key(order_id: int) -> str:
    """The ledger's event key of an order paid outside the gateways (on site, or confirmed by the
    office), posted when its visit is completed."""
    return f"payment:offline:{order_id}"
