"""The office's finance pages: payments, refunds, payouts and balances for finance roles only, and
the daily reconciliation report (our records, the ledger, the provider) with its CSV download."""
from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shared_apps.payment_providers import sandbox_gateway as gateway
from shared_apps.payment_providers.interface import PaymentState
from shared_apps.payment_providers.interface import PaymentStatus as ProviderStatus
from tenant_apps.payments.models import Payment
from tenant_apps.payments.reconciliation import Match, reconciliation_report
from tests.orders.conftest import World
from tests.payments.checkout_helpers import notify, pay_api
from tests.payments.test_payment_settings import page_client

TZ = "Asia/Shanghai"


@pytest.fixture
def world(people):
    return World(people)


@pytest.fixture
def customer_api(world, client_for):
    return client_for(world.company, world.people.customer_a)


@pytest.fixture
def hook_client(world, client_for):
    return client_for(world.company)


def started(world, customer_api, *, hour=10) -> Payment:
    order = world.book(hour=hour)
    return Payment.objects.get(pk=pay_api(customer_api, order).json()["payment_id"])


def paid(world, customer_api, hook_client, *, hour=10) -> Payment:
    """Paid on the sandbox page, and its notification processed."""
    payment = started(world, customer_api, hour=hour)
    gateway.payer_acts(payment_id=payment.provider_payment_id, action=gateway.PAY)
    assert notify(hook_client, world.company, payment).status_code == 200
    return payment


def today():
    return timezone.localdate(timezone=__import__("zoneinfo").ZoneInfo(TZ))


def outcomes(report) -> dict[str, str]:
    return {row.reference: row.outcome for row in report.rows}


def test_the_report_sets_ledger_and_provider_side_by_side(world, customer_api, hook_client):
    matched = paid(world, customer_api, hook_client, hour=9)
    lost = started(world, customer_api, hour=11)  # paid at the provider; its notification never came
    gateway.payer_acts(payment_id=lost.provider_payment_id, action=gateway.PAY)
    never_paid = started(world, customer_api, hour=13)  # the ledger was told, the provider never took it
    assert notify(hook_client, world.company, never_paid).status_code == 200

    report = reconciliation_report(day=today(), time_zone=world.company.time_zone)

    assert outcomes(report) == {matched.reference: Match.MATCHED, lost.reference: Match.MISSING_IN_LEDGER,
                                never_paid.reference: Match.MISSING_AT_PROVIDER}
    row = next(r for r in report.rows if r.reference == matched.reference)
    assert row.ledger_fen == row.provider_fen == matched.amount_fen
    assert dict((o, n) for o, _label, n in report.summary) == {
        Match.MATCHED: 1, Match.MISSING_AT_PROVIDER: 1, Match.MISSING_IN_LEDGER: 1, Match.AMOUNT_MISMATCH: 0}


def test_an_amount_the_provider_reports_differently_is_a_mismatch(world, customer_api, hook_client):
    payment = paid(world, customer_api, hook_client)

    def provider_says_less(p):
        return PaymentState(reference=p.reference, provider_payment_id="x", status=ProviderStatus.SUCCEEDED,
                            amount_fen=p.amount_fen - 1)

    report = reconciliation_report(day=today(), time_zone=world.company.time_zone, lookup=provider_says_less)
    assert outcomes(report) == {payment.reference: Match.AMOUNT_MISMATCH}


def test_another_days_report_does_not_show_todays_payments(world, customer_api, hook_client):
    from datetime import timedelta

    paid(world, customer_api, hook_client)
    assert reconciliation_report(day=today() - timedelta(days=1), time_zone=world.company.time_zone).rows == []


def test_the_report_reads_our_side_in_a_fixed_number_of_queries(world, customer_api, hook_client):
    def asked_nothing(p):
        return None

    def queries():
        with CaptureQueriesContext(connection) as seen:
            reconciliation_report(day=today(), time_zone=world.company.time_zone, lookup=asked_nothing)
        return len(seen.captured_queries)

    paid(world, customer_api, hook_client, hour=9)
    one = queries()
    paid(world, customer_api, hook_client, hour=11)
    paid(world, customer_api, hook_client, hour=13)
    assert queries() == one <= 4


def test_the_csv_holds_the_same_rows_as_the_page(world, customer_api, hook_client, finance_a):
    payment = paid(world, customer_api, hook_client)
    client = page_client(world.company, finance_a)
    day = today().isoformat()

    page = client.get(f"/office/finance/reconciliation/?day={day}").content.decode()
    download = client.get(f"/office/finance/reconciliation.csv?day={day}")

    assert f'data-payment="{payment.pk}" data-outcome="matched"' in page
    assert download["Content-Disposition"] == f'attachment; filename="reconciliation-{day}.csv"'
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert [(r["reference"], r["order_id"], r["amount_fen"], r["ledger_fen"], r["provider_fen"], r["outcome"])
            for r in rows] == [(payment.reference, str(payment.order_id), str(payment.amount_fen),
                                str(payment.amount_fen), str(payment.amount_fen), "matched")]


PAGES = ("/office/finance/payments/", "/office/finance/refunds/", "/office/finance/payouts/",
         "/office/finance/balances/", "/office/finance/reconciliation/", "/office/finance/reconciliation.csv")


@pytest.mark.parametrize("url", PAGES)
def test_only_finance_roles_see_the_finance_pages(world, people, url):
    from tenant_apps.people.models import StaffMember, StaffRole
    from tests.workforce.builders import enter

    enter(people.company_a)
    assert StaffMember.objects.get(user=people.dispatcher_a).role == StaffRole.DISPATCHER
    assert page_client(world.company, people.dispatcher_a).get(url).status_code in (302, 403)
    assert page_client(world.company, people.owner_a).get(url).status_code == 200


def test_the_payments_list_filters_and_links_each_payment_to_its_order(world, customer_api, hook_client, finance_a):
    done = paid(world, customer_api, hook_client, hour=9)
    waiting = started(world, customer_api, hour=11)
    client = page_client(world.company, finance_a)

    everything = client.get("/office/finance/payments/").content.decode()
    only_paid = client.get("/office/finance/payments/?status=succeeded&method=sandbox").content.decode()
    none_yesterday = client.get("/office/finance/payments/?to=2000-01-01").content.decode()

    assert f'data-payment="{done.pk}"' in everything and f'data-payment="{waiting.pk}"' in everything
    assert f'href="/office/orders/{done.order_id}/"' in everything
    assert f'data-payment="{done.pk}"' in only_paid and f'data-payment="{waiting.pk}"' not in only_paid
    assert "No payments match." in none_yesterday


@pytest.mark.parametrize("url", ["/office/finance/payments/", "/office/finance/refunds/",
                                 "/office/finance/payouts/", "/office/finance/balances/"])
def test_list_pages_take_the_same_queries_for_one_row_or_many(world, customer_api, hook_client, finance_a, url):
    from tenant_apps.payments.refunds import refund_payment

    client = page_client(world.company, finance_a)

    def queries():
        with CaptureQueriesContext(connection) as seen:
            assert client.get(url).status_code == 200
        return len(seen.captured_queries)

    first = paid(world, customer_api, hook_client, hour=9)
    refund_payment(actor=world.people.owner_a, payment_id=first.pk, amount_fen=100, reason="test")
    queries()  # the first request warms the caches (session, company settings)
    one = queries()
    for hour in (11, 13):
        payment = paid(world, customer_api, hook_client, hour=hour)
        refund_payment(actor=world.people.owner_a, payment_id=payment.pk, amount_fen=100, reason="test")
    queries()
    assert queries() == one
