"""A completed order's worker share: by the commission rules, accrued once, pending until the
company's settlement days have passed, then available (once); tips to the worker in full."""
from __future__ import annotations

from datetime import timedelta

import pytest

from shared_apps.core.actor import SYSTEM
from tenant_apps.earnings.models import Earning, EarningStatus
from tenant_apps.earnings.selectors import share_for
from tenant_apps.earnings.services.earning import (
    accrue_order_earning,
    record_order_tip,
    set_commission_rule,
    settle_due_earnings,
    update_earning_settings,
)
from tenant_apps.ledger.models import JournalTransaction
from tenant_apps.ledger.selectors import ledger_total, worker_balance
from tests.earnings.conftest import complete


def settings_of(owner, **changes):
    values = {"share_kind": "percent", "share_percent": 70, "share_fixed": 0, "settlement_days": 7,
              "withdrawal_minimum": 1000, "withdrawal_daily_limit": 500000, **changes}
    return update_earning_settings(actor=owner, **values)


def test_completing_an_order_makes_the_default_share_pending_for_its_worker(world):
    order = complete(world)

    earning = Earning.objects.get(order_id=order.pk)
    user = order.worker.staff_member.user
    assert earning.share == order.total * 70 // 100 and earning.status == EarningStatus.PENDING
    assert worker_balance(worker=user).pending == earning.share
    assert worker_balance(worker=user).available == 0
    assert ledger_total() == 0


def test_a_second_completion_hook_accrues_nothing_more(world):
    order = complete(world)
    user = order.worker.staff_member.user

    again = accrue_order_earning(actor=SYSTEM, order_id=order.pk, worker=user, service_id=order.service_id,
                                 worker_level=1, total=order.total, completed_at=order.ends_at)

    assert again.pk == Earning.objects.get(order_id=order.pk).pk
    assert JournalTransaction.objects.filter(order_id=order.pk, kind="worker_earning").count() == 1
    assert worker_balance(worker=user).pending == again.share


def test_the_most_specific_rule_decides_the_share(world):
    owner = world.people.owner_a
    settings_of(owner, share_percent=60)
    set_commission_rule(actor=owner, service_id=None, worker_level=2, share_kind="percent", share_percent=75)
    set_commission_rule(actor=owner, service_id=world.service.pk, worker_level=None, share_kind="fixed",
                        share_fixed=5000)
    set_commission_rule(actor=owner, service_id=world.service.pk, worker_level=3, share_kind="percent",
                        share_percent=90)

    assert share_for(service_id=world.service.pk, worker_level=3, total=10000) == 9000
    assert share_for(service_id=world.service.pk, worker_level=1, total=10000) == 5000
    assert share_for(service_id=None, worker_level=2, total=10000) == 7500
    assert share_for(service_id=None, worker_level=1, total=10000) == 6000
    assert share_for(service_id=world.service.pk, worker_level=1, total=3000) == 3000  # never above the order


def test_a_rule_with_a_bad_share_is_refused_by_field(world):
    from shared_apps.core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as caught:
        set_commission_rule(actor=world.people.owner_a, service_id=None, worker_level=2, share_kind="percent",
                            share_percent=120)
    assert "share_percent" in caught.value.fields


def test_settlement_waits_the_companys_days_then_moves_the_share_once(world):
    settings_of(world.people.owner_a, settlement_days=3)
    order = complete(world)
    user = order.worker.staff_member.user
    share = Earning.objects.get(order_id=order.pk).share

    assert settle_due_earnings(actor=SYSTEM, now=order.ends_at + timedelta(days=3) - timedelta(minutes=1)) == 0
    assert worker_balance(worker=user).available == 0

    assert settle_due_earnings(actor=SYSTEM, now=order.ends_at + timedelta(days=3)) == 1
    assert settle_due_earnings(actor=SYSTEM, now=order.ends_at + timedelta(days=4)) == 0

    balance = worker_balance(worker=user)
    assert (balance.pending, balance.available) == (0, share)
    assert JournalTransaction.objects.filter(event_key=f"settlement:{order.pk}").count() == 1
    assert Earning.objects.get(order_id=order.pk).status == EarningStatus.SETTLED


def test_a_tip_goes_to_the_worker_in_full_and_settles_with_the_order(world):
    order = complete(world)
    user = order.worker.staff_member.user
    share = Earning.objects.get(order_id=order.pk).share

    record_order_tip(actor=SYSTEM, order_id=order.pk, worker=user, fen=1500, provider="sandbox", event_key="evt-tip")
    record_order_tip(actor=SYSTEM, order_id=order.pk, worker=user, fen=1500, provider="sandbox", event_key="evt-tip")

    assert worker_balance(worker=user).pending == share + 1500
    assert Earning.objects.get(order_id=order.pk).tip == 1500
    settle_due_earnings(actor=SYSTEM, now=order.ends_at + timedelta(days=7))
    assert worker_balance(worker=user).available == share + 1500


def test_a_tip_after_settlement_settles_on_the_next_run(world):
    order = complete(world)
    user = order.worker.staff_member.user
    share = Earning.objects.get(order_id=order.pk).share
    settle_due_earnings(actor=SYSTEM, now=order.ends_at + timedelta(days=7))

    record_order_tip(actor=SYSTEM, order_id=order.pk, worker=user, fen=800, provider="sandbox", event_key="late-tip")
    settle_due_earnings(actor=SYSTEM, now=order.ends_at + timedelta(days=8))
    settle_due_earnings(actor=SYSTEM, now=order.ends_at + timedelta(days=9))

    balance = worker_balance(worker=user)
    assert (balance.pending, balance.available) == (0, share + 800)


def test_a_platform_fee_is_charged_when_the_platform_sets_a_rate(world, settings):
    settings.PLATFORM_FEE_PERCENT = 5
    order = complete(world)

    [fee] = JournalTransaction.objects.filter(order_id=order.pk, kind="platform_fee")
    assert -sum(p.amount for p in fee.postings.all() if p.amount < 0) == order.total * 5 // 100
