"""An order paid by deposit: at completion the deposit held becomes the company's revenue, once, before
the worker's share is booked from it; the balance paid later lets a waiting share accrue."""
from __future__ import annotations

from shared_apps.core.actor import SYSTEM
from tenant_apps.earnings.models import Earning, EarningStatus
from tenant_apps.earnings.services.earning import accrue_order_earning, settle_due_earnings
from tenant_apps.ledger import services as ledger
from tenant_apps.ledger.models import AccountKind, JournalTransaction
from tenant_apps.ledger.selectors import balance_of, ledger_total, worker_balance
from tests.workforce.builders import SHANGHAI


def complete_with_deposit(world, *, share_of_total: int):
    """Book, pay a deposit of `share_of_total` percent through the ledger as checkout does, and walk
    the order to completion through the real services."""
    from tenant_apps.orders.services import booking, lifecycle

    order = world.book(hour=10)
    deposit = order.total * share_of_total // 100
    ledger.record_deposit(actor=SYSTEM, order_id=order.pk, provider="sandbox", fen=deposit,
                          event_key=f"sandbox:evt-deposit-{order.pk}")
    order = booking.mark_order_paid(actor=SYSTEM, order=order, reference="deposit")
    worker = order.worker
    user = worker.staff_member.user
    order = lifecycle.accept_task(actor=user, worker=worker, order=order)
    order = lifecycle.set_off(actor=user, worker=worker, order=order, eta_minutes=20)
    order = lifecycle.arrive(actor=user, worker=worker, order=order, location=(SHANGHAI.latitude, SHANGHAI.longitude))
    order = lifecycle.start_service(actor=user, worker=worker, order=order, now=order.starts_at)
    order = lifecycle.complete_task(actor=user, worker=worker, order=order, note="Done", now=order.ends_at)
    return order, deposit


def test_completion_releases_the_deposit_before_booking_the_workers_share(world):
    order, deposit = complete_with_deposit(world, share_of_total=80)  # the default share is 70 %

    user = order.worker.staff_member.user
    earning = Earning.objects.get(order_id=order.pk)
    assert balance_of(kind=AccountKind.DEPOSITS_HELD) == 0
    assert earning.status == EarningStatus.PENDING
    assert worker_balance(worker=user).pending == earning.share
    assert balance_of(kind=AccountKind.COMPANY_REVENUE) == deposit - earning.share
    assert ledger_total() == 0


def test_the_deposit_is_released_once_however_often_the_hook_runs(world):
    order, deposit = complete_with_deposit(world, share_of_total=80)
    user = order.worker.staff_member.user

    accrue_order_earning(actor=SYSTEM, order_id=order.pk, worker=user, service_id=order.service_id,
                         worker_level=1, total=order.total, completed_at=order.ends_at)
    assert ledger.release_order_deposit(actor=SYSTEM, order_id=order.pk) is None

    released = JournalTransaction.objects.filter(order_id=order.pk, event_key=f"deposit_release:{order.pk}")
    assert [sum(p.amount for p in j.postings.filter(amount__gt=0)) for j in released] == [deposit]


def test_a_share_larger_than_the_deposit_waits_for_the_balance_then_accrues(world):
    order, deposit = complete_with_deposit(world, share_of_total=30)
    user = order.worker.staff_member.user

    earning = Earning.objects.get(order_id=order.pk)
    assert earning.status == EarningStatus.AWAITING_FUNDS
    assert balance_of(kind=AccountKind.DEPOSITS_HELD) == 0  # released even though the share waits
    assert balance_of(kind=AccountKind.COMPANY_REVENUE) == deposit
    assert worker_balance(worker=user).pending == 0

    ledger.record_payment(actor=SYSTEM, order_id=order.pk, provider="sandbox", fen=order.total - deposit,
                          event_key=f"sandbox:evt-balance-{order.pk}")
    settle_due_earnings(actor=SYSTEM)

    earning.refresh_from_db()
    assert earning.status == EarningStatus.PENDING
    assert worker_balance(worker=user).pending == earning.share
    assert balance_of(kind=AccountKind.COMPANY_REVENUE) == order.total - earning.share
    assert ledger_total() == 0
