"""A completed order's earning for its worker (pending), tips, settlement after the company's days,
and the company's commission settings and rules."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings as django_settings
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.changes.services import record_change
from shared_apps.core.errors import DomainError, ValidationFailed
from shared_apps.core.faults import fault_point
from tenant_apps.ledger import services as ledger
from tenant_apps.ledger.errors import LedgerError
from tenant_apps.ledger.models import AccountKind, Posting, TransactionKind

from ..locks import lock_commission_rule, lock_earning, lock_earning_settings
from ..models import CommissionRule, Earning, EarningSettings, EarningStatus, ShareKind
from ..selectors import earning_settings, offline_payment_key, share_for

# The clearing account of payments the company received outside the gateways (the office confirmed
# them, or the customer paid on site), booked at completion when checkout booked nothing for the order.
OFFLINE_PROVIDER = "offline"


def accrue_order_earning(*, actor: Any, order_id: int, worker: Any, service_id: int | None, worker_level: int | None,
                         total: int, completed_at: datetime) -> Earning:
    """The worker's share of a completed order, pending until settlement; once per order, however
    often completion hooks run (the row is unique per order, the ledger's event key too). Runs in the
    completing transaction, after the order's lock."""
    worker_id = getattr(worker, "pk", worker)
    with transaction.atomic():
        existing = lock_earning(order_id)
        if existing is not None:
            return existing
        share = share_for(service_id=service_id, worker_level=worker_level, total=total)
        earning = Earning.objects.create(order_id=order_id, worker_id=worker_id, order_total=total, share=share,
                                         tip=_tips_booked(order_id=order_id, worker_id=worker_id),
                                         status=EarningStatus.AWAITING_FUNDS, completed_at=completed_at)
        _book(actor=actor, earning=earning)
        record_change(actor=actor, action="earning.accrued", target_id=earning.pk,
                      data={"order_id": order_id, "worker_id": worker_id, "share": share, "status": earning.status})
    return earning


def _tips_booked(*, order_id: int, worker_id: int) -> int:
    return Posting.objects.filter(transaction__order_id=order_id, transaction__kind=TransactionKind.TIP,
                                  account__kind=AccountKind.WORKER_PENDING, account__worker_id=worker_id,
                                  ).aggregate(total=Sum("amount"))["total"] or 0


def _book(*, actor: Any, earning: Earning) -> None:
    """Move the share to the worker's pending balance (and the platform's fee, when there is one).
    When the company's revenue does not hold the share yet (a deposit not yet released), the earning
    waits and settlement tries again."""
    order_id = earning.order_id
    has_payment = Posting.objects.filter(transaction__order_id=order_id, transaction__kind__in=(
        TransactionKind.PAYMENT, TransactionKind.DEPOSIT)).exists()
    # A deposit held for the order becomes revenue first (whether or not the share fits yet), so the
    # share below can come from it.
    ledger.release_order_deposit(actor=actor, order_id=order_id)
    try:
        with transaction.atomic():
            if not has_payment and earning.order_total > 0:
                ledger.record_payment(actor=actor, order_id=order_id, provider=OFFLINE_PROVIDER,
                                      fen=earning.order_total, event_key=offline_payment_key(order_id),
                                      memo=_("Paid outside the gateways"))
            fee = earning.order_total * _platform_fee_percent() // 100
            if fee > 0:
                ledger.charge_platform_fee(actor=actor, order_id=order_id, fen=fee,
                                           event_key=f"platform_fee:{order_id}")
            if earning.share > 0:
                ledger.accrue_worker_earning(actor=actor, order_id=order_id, worker=earning.worker_id,
                                             fen=earning.share, event_key=f"earning:{order_id}")
    except DomainError as error:
        if error.code != LedgerError.INSUFFICIENT_BALANCE:
            raise
        return
    earning.status = EarningStatus.PENDING
    earning.save(update_fields=["status", "updated_at"])


def _platform_fee_percent() -> int:
    """The platform's fee on each completed order, in percent of its total (settings; 0 by default)."""
    return int(getattr(django_settings, "PLATFORM_FEE_PERCENT", 0) or 0)


def record_order_tip(*, actor: Any, order_id: int, worker: Any, fen: int, provider: str,
                     event_key: str | None = None) -> Earning | None:
    """A customer's tip for the worker of an order, paid at `provider`: the worker's in full, pending
    with the order's earning (checkout calls this with its payment event). Posted once per event key."""
    worker_id = getattr(worker, "pk", worker)
    with transaction.atomic():
        earning = lock_earning(order_id)
        journal = ledger.record_tip(actor=actor, order_id=order_id, provider=provider, worker=worker_id, fen=fen,
                                    event_key=event_key or f"tip:{order_id}")
        if earning is not None:
            tips = _tips_booked(order_id=order_id, worker_id=earning.worker_id)
            if tips != earning.tip:
                earning.tip = tips
                if earning.status == EarningStatus.SETTLED:
                    earning.status = EarningStatus.PENDING  # the tip settles with the next run
                earning.save(update_fields=["tip", "status", "updated_at"])
        record_change(actor=actor, action="earning.tip", target_id=journal.pk,
                      data={"order_id": order_id, "worker_id": worker_id, "fen": fen})
    return earning


def settle_due_earnings(*, actor: Any, now: datetime | None = None) -> int:
    """Beat: earnings completed the company's settlement days ago become available; earnings that
    waited for funds are booked again. Each order's settlement posts once (its event key). Returns
    how many earnings were settled."""
    now = now or timezone.now()
    days = earning_settings().settlement_days
    for order_id in list(Earning.objects.filter(status=EarningStatus.AWAITING_FUNDS)
                         .values_list("order_id", flat=True)[:500]):
        with transaction.atomic():
            earning = lock_earning(order_id)
            if earning is not None and earning.status == EarningStatus.AWAITING_FUNDS:
                _book(actor=actor, earning=earning)
    settled = 0
    due = Earning.objects.filter(status=EarningStatus.PENDING, completed_at__lte=now - timedelta(days=days))
    for order_id in list(due.order_by("completed_at").values_list("order_id", flat=True)[:1000]):
        settled += settle_earning(actor=actor, order_id=order_id, now=now)
    return settled


def settle_earning(*, actor: Any, order_id: int, now: datetime | None = None) -> int:
    """Make one order's earning and tips available (what is not settled yet); 1 when it moved money."""
    now = now or timezone.now()
    with transaction.atomic():
        earning = lock_earning(order_id)
        if earning is None or earning.status != EarningStatus.PENDING:
            return 0
        settled = earning.settled_amount
        due = earning.share + earning.tip - settled
        if due > 0:
            key = f"settlement:{order_id}" if settled == 0 else f"settlement:{order_id}:{settled}"
            ledger.settle_earnings(actor=actor, worker=earning.worker_id, fen=due, event_key=key,
                                   memo=_("Order %(order)s") % {"order": order_id})
        earning.status, earning.settled_at, earning.settled_amount = EarningStatus.SETTLED, now, settled + due
        earning.save(update_fields=["status", "settled_at", "settled_amount", "updated_at"])
        record_change(actor=actor, action="earning.settled", target_id=earning.pk, data={"order_id": order_id,
                                                                                           "fen": due})
        fault_point("earnings.settlement.before_commit")  # posted and marked, nothing committed yet
    return 1 if due > 0 else 0


# -- settings and rules --------------------------------------------------------------------------

def update_earning_settings(*, actor: Any, share_kind: str, share_percent: int, share_fixed: int,
                            settlement_days: int, withdrawal_minimum: int,
                            withdrawal_daily_limit: int) -> EarningSettings:
    """The company's default share, settlement days and withdrawal limits (owner, admin, finance)."""
    errors: dict[str, list[str]] = {}
    if share_kind not in ShareKind.values:
        errors["share_kind"] = [_("Choose a percentage or a fixed amount.")]
    if not 0 <= share_percent <= 100:
        errors["share_percent"] = [_("Enter a percentage from 0 to 100.")]
    if share_fixed < 0:
        errors["share_fixed"] = [_("Enter an amount of at least 0.")]
    if not 0 <= settlement_days <= 90:
        errors["settlement_days"] = [_("Enter 0 to 90 days.")]
    if withdrawal_minimum < 1:
        errors["withdrawal_minimum"] = [_("Enter an amount of at least 0.01.")]
    if withdrawal_daily_limit < withdrawal_minimum:
        errors["withdrawal_daily_limit"] = [_("The daily limit cannot be below the minimum.")]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        row = lock_earning_settings()
        row.share_kind, row.share_percent, row.share_fixed = share_kind, share_percent, share_fixed
        row.settlement_days, row.withdrawal_minimum = settlement_days, withdrawal_minimum
        row.withdrawal_daily_limit = withdrawal_daily_limit
        row.save()
        record_change(actor=actor, action="earnings.settings_changed", target_id=1, data={
            "share_kind": share_kind, "share_percent": share_percent, "share_fixed": share_fixed,
            "settlement_days": settlement_days, "withdrawal_minimum": withdrawal_minimum,
            "withdrawal_daily_limit": withdrawal_daily_limit})
    return row


def set_commission_rule(*, actor: Any, service_id: int | None, worker_level: int | None, share_kind: str,
                        share_percent: int | None = None, share_fixed: int | None = None) -> CommissionRule:
    """Add or replace the rule for a service and/or a worker level."""
    from tenant_apps.catalog.models import Service

    errors: dict[str, list[str]] = {}
    if service_id is None and worker_level is None:
        errors["service"] = [_("Name a service, a worker level, or both.")]
    if service_id is not None and not Service.objects.filter(pk=service_id).exists():
        errors["service"] = [_("No such service.")]
    if worker_level is not None and not 1 <= worker_level <= 10:
        errors["worker_level"] = [_("Enter a level from 1 to 10.")]
    if share_kind == ShareKind.PERCENT:
        if share_percent is None or not 0 <= share_percent <= 100:
            errors["share_percent"] = [_("Enter a percentage from 0 to 100.")]
        share_fixed = None
    elif share_kind == ShareKind.FIXED:
        if share_fixed is None or share_fixed < 0:
            errors["share_fixed"] = [_("Enter an amount of at least 0.")]
        share_percent = None
    else:
        errors["share_kind"] = [_("Choose a percentage or a fixed amount.")]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        rule = lock_commission_rule(service_id=service_id, worker_level=worker_level)
        rule = rule or CommissionRule(service_id=service_id, worker_level=worker_level)
        rule.share_kind, rule.share_percent, rule.share_fixed = share_kind, share_percent, share_fixed
        rule.save()
        record_change(actor=actor, action="earnings.rule_set", target_id=rule.pk, data={
            "service_id": service_id, "worker_level": worker_level, "share_kind": share_kind,
            "share_percent": share_percent, "share_fixed": share_fixed})
    return rule


def delete_commission_rule(*, actor: Any, rule: CommissionRule) -> None:
    with transaction.atomic():
        record_change(actor=actor, action="earnings.rule_deleted", target_id=rule.pk,
                      data={"service_id": rule.service_id, "worker_level": rule.worker_level})
        CommissionRule.objects.filter(pk=rule.pk).delete()
