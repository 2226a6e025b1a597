"""The daily reconciliation report beyond payments: refunds, payouts (withdrawal transfers) and
on-site payments. Each kind is matched when the ledger and the provider agree, and a crafted
mismatch of each kind is flagged on the page and in the CSV."""
from __future__ import annotations

import csv
import io

import pytest

from shared_apps.payment_providers import sandbox_gateway as gateway
from shared_apps.payment_providers.interface import RefundState, RefundStatus
from shared_apps.payment_providers.models import SandboxRefund, SandboxTransfer
from tenant_apps.earnings.models import Withdrawal
from tenant_apps.office.finance import daily_reconciliation
from tenant_apps.orders.models import Order, OrderSettings
from tenant_apps.payments.reconciliation import Match, Section, reconciliation_report
from tenant_apps.payments.refunds import refund_payment
from tests.earnings.conftest import complete
from tests.earnings.support import deliver_transfer_notification, make_available
from tests.payments.checkout_helpers import notify
from tests.payments.test_finance_pages import paid, today
from tests.payments.test_payment_settings import page_client


@pytest.fixture
def customer_api(world, client_for):
    return client_for(world.company, world.people.customer_a)


@pytest.fixture
def hook_client(world, client_for):
    return client_for(world.company)


@pytest.fixture
def world(people):
    from tests.orders.conftest import World

    return World(people)


def rows_of(report, section: str) -> dict[str, str]:
    return {row.reference: row.outcome for row in report.rows if row.section == section}


def refunded(world, payment, fen: int, capture) -> object:
    with capture(execute=True):  # handed to the sandbox gateway after the commit
        return refund_payment(actor=world.people.owner_a, payment_id=payment.pk, amount_fen=fen, reason="Streaks")


def finish_at_gateway(refund) -> None:
    gateway.finish_refund(refund_id=SandboxRefund.objects.get(reference=refund.reference).id)


def test_refunds_done_at_the_provider_and_posted_match_and_one_never_notified_is_missing_in_the_ledger(
        world, customer_api, hook_client, django_capture_on_commit_callbacks):
    # given two paid orders, each partly refunded and the refunds done at the gateway
    first = paid(world, customer_api, hook_client, hour=9)
    second = paid(world, customer_api, hook_client, hour=11)
    closed = refunded(world, first, 3000, django_capture_on_commit_callbacks)
    lost = refunded(world, second, 2000, django_capture_on_commit_callbacks)
    finish_at_gateway(closed)
    finish_at_gateway(lost)
    # only the first refund's notification reached us
    assert notify(hook_client, world.company, first, kind="refund_succeeded", reference=closed.reference,
                  payment_reference=first.reference, amount_fen=3000).status_code == 200

    report = reconciliation_report(day=today(), time_zone=world.company.time_zone)

    assert rows_of(report, Section.REFUND) == {closed.reference: Match.MATCHED, lost.reference: Match.MISSING_IN_LEDGER}
    row = next(r for r in report.rows if r.reference == closed.reference)
    assert (row.amount_fen, row.ledger_fen, row.provider_fen, row.order_id) == (3000, 3000, 3000, first.order_id)


def test_a_refund_the_provider_reports_for_another_amount_is_a_mismatch(world, customer_api, hook_client,
                                                                          django_capture_on_commit_callbacks):
    payment = paid(world, customer_api, hook_client)
    refund = refunded(world, payment, 3000, django_capture_on_commit_callbacks)
    notify(hook_client, world.company, payment, kind="refund_succeeded", reference=refund.reference,
           payment_reference=payment.reference, amount_fen=3000)

    def provider_refunded_more(r):
        return RefundState(refund_reference=r.reference, provider_refund_id="x", status=RefundStatus.SUCCEEDED,
                           amount_fen=3100)

    report = reconciliation_report(day=today(), time_zone=world.company.time_zone,
                                   refunds_lookup=provider_refunded_more)
    assert rows_of(report, Section.REFUND) == {refund.reference: Match.AMOUNT_MISMATCH}


def test_a_refund_posted_but_never_done_at_the_provider_is_missing_at_the_provider(
        world, customer_api, hook_client, django_capture_on_commit_callbacks):
    payment = paid(world, customer_api, hook_client)
    refund = refunded(world, payment, 3000, django_capture_on_commit_callbacks)  # the gateway still pending
    notify(hook_client, world.company, payment, kind="refund_succeeded", reference=refund.reference,
           payment_reference=payment.reference, amount_fen=3000)

    report = reconciliation_report(day=today(), time_zone=world.company.time_zone)
    assert rows_of(report, Section.REFUND) == {refund.reference: Match.MISSING_AT_PROVIDER}


@pytest.fixture
def approved(world, people, client_for):
    """approved(amount): a worker's withdrawal approved by the owner and handed to the sandbox."""
    from tenant_apps.earnings.services.earning import update_earning_settings
    from tenant_apps.earnings.services.withdrawals import approve_withdrawal, request_withdrawal
    from tenant_apps.earnings.transfers import transfer_notify_url

    make_available(people.worker_a, 20000)
    update_earning_settings(actor=people.owner_a, share_kind="percent", share_percent=70, share_fixed=0,
                            settlement_days=7, withdrawal_minimum=1000, withdrawal_daily_limit=15000)

    def make(amount: int) -> Withdrawal:
        asked = request_withdrawal(actor=people.worker_a, amount=amount, method="bank_card", payee_name="Wang Wu",
                                   account="6222 0212 3456 7890 123")
        return approve_withdrawal(actor=people.owner_a, withdrawal=asked, notify_url=transfer_notify_url())

    return make


def test_payouts_paid_and_posted_match_and_one_never_notified_is_missing_in_the_ledger(world, approved,
                                                                                       client_for):
    paid_out, lost = approved(5000), approved(3000)
    assert deliver_transfer_notification(client_for(world.company), paid_out).status_code == 200
    gateway.finish_transfer(transfer_id=SandboxTransfer.objects.get(reference=lost.reference).id)  # no notification

    report = daily_reconciliation(day=today(), time_zone=world.company.time_zone)

    assert rows_of(report, Section.PAYOUT) == {paid_out.reference: Match.MATCHED,
                                               lost.reference: Match.MISSING_IN_LEDGER}
    row = next(r for r in report.rows if r.reference == paid_out.reference)
    assert (row.amount_fen, row.ledger_fen, row.provider_fen, row.order_id) == (5000, 5000, 5000, None)


def test_a_payout_the_provider_paid_for_another_amount_is_a_mismatch(world, approved, client_for):
    from tenant_apps.earnings.selectors import payout_reconciliation

    withdrawal = approved(5000)
    deliver_transfer_notification(client_for(world.company), withdrawal)
    state = SandboxTransfer.objects.get(reference=withdrawal.reference)
    SandboxTransfer.objects.filter(pk=state.pk).update(amount_fen=4900)  # the gateway's record says less

    rows = payout_reconciliation(day=today(), time_zone=world.company.time_zone)
    assert [(r.reference, r.outcome, r.provider_fen) for r in rows] == [
        (withdrawal.reference, Match.AMOUNT_MISMATCH, 4900)]


@pytest.fixture
def on_site(world):
    OrderSettings.objects.update_or_create(pk=1, defaults={"allow_pay_on_site": True,
                                                           "office_confirms_payment": True})
    return world


def visit_paid_on_site(world, *, hour: int) -> Order:
    """An order paid on site, walked to completion by its worker (the ledger posts the money then)."""
    from tenant_apps.orders.services import lifecycle
    from tests.workforce.builders import SHANGHAI

    order = world.book(hour=hour, pay_on_site=True)
    assert order.payment_method == "on_site"
    worker = order.worker
    user = worker.staff_member.user
    order = lifecycle.accept_task(actor=user, worker=worker, order=order)
    order = lifecycle.set_off(actor=user, worker=worker, order=order, eta_minutes=20)
    order = lifecycle.arrive(actor=user, worker=worker, order=order, location=(SHANGHAI.latitude, SHANGHAI.longitude))
    order = lifecycle.start_service(actor=user, worker=worker, order=order, now=order.starts_at)
    return lifecycle.complete_task(actor=user, worker=worker, order=order, note="Cash", now=order.ends_at)


def test_on_site_payments_match_their_posting_and_each_crafted_mismatch_is_flagged(on_site, finance_a):
    world = on_site
    # given three visits paid on site: one as it should be, one whose total no longer matches the
    # money posted, one marked done without going through completion (nothing posted)
    collected = visit_paid_on_site(world, hour=9)
    changed = visit_paid_on_site(world, hour=11)
    Order.objects.filter(pk=changed.pk).update(total=changed.total + 500)
    unposted = world.book(hour=13, pay_on_site=True)
    Order.objects.filter(pk=unposted.pk).update(status="completed")
    # and a visit paid online (not an on-site row) completed the same day
    complete(world, hour=15)

    report = daily_reconciliation(day=world.day, time_zone=world.company.time_zone)

    assert rows_of(report, Section.ON_SITE) == {f"#{collected.pk}": Match.MATCHED,
                                                f"#{changed.pk}": Match.AMOUNT_MISMATCH,
                                                f"#{unposted.pk}": Match.MISSING_IN_LEDGER}
    row = next(r for r in report.rows if r.record_id == collected.pk and r.section == Section.ON_SITE)
    assert row.ledger_fen == row.provider_fen == collected.total

    # the page flags the two mismatches; the CSV carries them with their kind
    client = page_client(world.company, finance_a)
    page = client.get(f"/office/finance/reconciliation/?day={world.day.isoformat()}").content.decode()
    assert "2 movements do not match" in page
    assert f'data-section="on_site" data-on_site="{changed.pk}" data-outcome="amount_mismatch" class="flagged"' in page
    assert f'data-on_site="{collected.pk}" data-outcome="matched">' in page
    download = client.get(f"/office/finance/reconciliation.csv?day={world.day.isoformat()}")
    rows = {r["record_id"]: r for r in csv.DictReader(io.StringIO(download.content.decode()))
            if r["section"] == "on_site"}
    assert rows[str(unposted.pk)]["outcome"] == "missing_in_ledger" and rows[str(unposted.pk)]["ledger_fen"] == "0"
    assert rows[str(changed.pk)]["outcome"] == "amount_mismatch"


def test_a_cancelled_on_site_visit_with_money_posted_is_missing_at_the_provider(on_site):
    from shared_apps.core.actor import SYSTEM
    from tenant_apps.earnings.selectors import offline_payment_key
    from tenant_apps.ledger import services as ledger

    world = on_site
    order = world.book(hour=9, pay_on_site=True)
    ledger.record_payment(actor=SYSTEM, order_id=order.pk, provider="offline", fen=order.total,
                          event_key=offline_payment_key(order.pk))  # posted, but the visit never happened
    Order.objects.filter(pk=order.pk).update(status="cancelled")

    report = daily_reconciliation(day=world.day, time_zone=world.company.time_zone)
    assert rows_of(report, Section.ON_SITE) == {f"#{order.pk}": Match.MISSING_AT_PROVIDER}


def test_payouts_and_on_site_rows_read_in_a_fixed_number_of_queries(on_site, approved, django_assert_num_queries):
    from tenant_apps.earnings.selectors import payout_reconciliation
    from tenant_apps.orders.selectors import on_site_reconciliation

    world = on_site
    approved(2000), approved(3000)
    world.book(hour=9, pay_on_site=True), world.book(hour=11, pay_on_site=True)

    with django_assert_num_queries(2):
        assert len(payout_reconciliation(day=today(), time_zone=world.company.time_zone, lookup=lambda w: None)) == 2
    with django_assert_num_queries(2):
        assert len(on_site_reconciliation(day=world.day, time_zone=world.company.time_zone)) == 2
