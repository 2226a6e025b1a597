"""The office's finance pages (owner, admin, finance): payments, refunds, payouts, balances and the
daily reconciliation report with its CSV. Reads only: every page is a GET that writes nothing."""
from __future__ import annotations

import csv
from datetime import date, timedelta

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy

from shared_apps.core.company import company_time_zone
from tenant_apps.earnings.models import WithdrawalStatus
from tenant_apps.earnings.selectors import masked_account, payout_reconciliation, withdrawal_queue
from tenant_apps.ledger.models import AccountKind
from tenant_apps.ledger.selectors import account_balances, worker_balances
from tenant_apps.orders.selectors import on_site_reconciliation
from tenant_apps.payments.models import Method, PaymentStatus, RefundStatus
from tenant_apps.payments.reconciliation import ReconciliationReport, reconciliation_csv_rows, reconciliation_report
from tenant_apps.payments.selectors import finance_payments, finance_refunds
from tenant_apps.people.access import company_finance_required

PER_PAGE = 50

ACCOUNT_LABELS = {
    AccountKind.PROVIDER_CLEARING: gettext_lazy("Customer payments at the provider"),
    AccountKind.COMPANY_CASH: gettext_lazy("Company cash"),
    AccountKind.COMPANY_REVENUE: gettext_lazy("Company revenue"),
    AccountKind.DEPOSITS_HELD: gettext_lazy("Deposits held"),
    AccountKind.PLATFORM_FEE_PAYABLE: gettext_lazy("Platform fees payable"),
    AccountKind.TIPS: gettext_lazy("Tips received"),
    AccountKind.REFUNDS_PAYABLE: gettext_lazy("Refunds payable"),
    AccountKind.WORKER_PENDING: gettext_lazy("Worker earnings pending"),
    AccountKind.WORKER_AVAILABLE: gettext_lazy("Worker earnings available"),
    AccountKind.WITHDRAWALS_IN_TRANSIT: gettext_lazy("Withdrawals in transit"),
}
METHOD_CHOICES = (*Method.choices, ("sandbox", gettext_lazy("Sandbox (test)")))


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def _choice(value: str | None, choices) -> str:
    return value if value in {key for key, _label in choices} else ""


def _page(request, rows):
    return Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@company_finance_required
def payments(request):
    """Every payment, newest first, by status, method and day created; each links to its order."""
    status = _choice(request.GET.get("status"), PaymentStatus.choices)
    method = _choice(request.GET.get("method"), METHOD_CHOICES)
    day_from, day_to = _day(request.GET.get("from")), _day(request.GET.get("to"))
    found = finance_payments(status=status, method=method, day_from=day_from, day_to=day_to,
                             time_zone=company_time_zone())
    return render(request, "office/finance/payments.html", {
        "page": _page(request, found), "status": status, "method": method, "day_from": day_from, "day_to": day_to,
        "statuses": PaymentStatus.choices, "methods": METHOD_CHOICES, "query": _query_without_page(request)})


@company_finance_required
def refunds(request):
    status = _choice(request.GET.get("status"), RefundStatus.choices)
    return render(request, "office/finance/refunds.html", {
        "page": _page(request, finance_refunds(status=status)), "status": status,
        "statuses": RefundStatus.choices, "query": _query_without_page(request)})


@company_finance_required
def payouts(request):
    """Every withdrawal (the review queue is on the Withdrawals page), newest first."""
    status = _choice(request.GET.get("status"), WithdrawalStatus.choices)
    found = withdrawal_queue(status=None)
    if status:
        found = found.filter(status=status)
    page = _page(request, found)
    return render(request, "office/finance/payouts.html", {
        "page": page, "rows": [(w, masked_account(w)) for w in page], "status": status,
        "statuses": WithdrawalStatus.choices, "query": _query_without_page(request)})


@company_finance_required
def balances(request):
    accounts = [(account, ACCOUNT_LABELS.get(account.kind, account.kind)) for account in account_balances()
                if account.worker_id is None]
    return render(request, "office/finance/balances.html", {
        "accounts": accounts, "page": _page(request, worker_balances()), "query": _query_without_page(request)})


def _report_day(request) -> date:
    return _day(request.GET.get("day")) or timezone.localdate(timezone=_zone()) - timedelta(days=1)


def _zone():
    from zoneinfo import ZoneInfo

    return ZoneInfo(company_time_zone())


def daily_reconciliation(*, day: date, time_zone: str) -> ReconciliationReport:
    """The day's money movements, each kind from the app that owns it: payments and refunds at the
    gateways, payouts to workers, payments collected on site."""
    report = reconciliation_report(day=day, time_zone=time_zone)
    rows = [*report.rows, *payout_reconciliation(day=day, time_zone=time_zone),
            *on_site_reconciliation(day=day, time_zone=time_zone)]
    return ReconciliationReport(day=day, rows=rows)


@company_finance_required
def reconciliation(request):
    """The day's payments, refunds, payouts and on-site payments: ours, the ledger's and the
    provider's, side by side, mismatches flagged."""
    day = _report_day(request)
    report = daily_reconciliation(day=day, time_zone=company_time_zone())
    return render(request, "office/finance/reconciliation.html", {
        "report": report, "day": day, "previous": day - timedelta(days=1), "next": day + timedelta(days=1)})


@company_finance_required
def reconciliation_csv(request):
    """The same rows as the page, as a CSV download."""
    day = _report_day(request)
    report = daily_reconciliation(day=day, time_zone=company_time_zone())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="reconciliation-{day.isoformat()}.csv"'
    writer = csv.writer(response)
    writer.writerows(reconciliation_csv_rows(report))
    return response


