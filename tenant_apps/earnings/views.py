"""Earnings pages: the worker's Income page across companies (platform host, /worker/income/) with
withdrawal requests, and the office's withdrawal review queue and commission settings (company host)."""
from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_tenants.utils import tenant_context

from shared_apps.accounts.access import signed_in
from shared_apps.core.api import parse_id
from shared_apps.core.errors import DomainError, NotFound
from shared_apps.core.forms import show_domain_error
from tenant_apps.catalog.models import Service
from tenant_apps.people.access import company_finance_required
from tenants.selectors import companies_of_worker

from .forms import CommissionRuleForm, EarningSettingsForm, RejectForm, WithdrawForm
from .selectors import (
    commission_rules,
    earning_settings,
    get_withdrawal_for,
    masked_account,
    withdrawal_queue,
    withdrawals_of_worker,
    worker_income,
)
from .services.earning import set_commission_rule, update_earning_settings
from .services.withdrawals import approve_withdrawal, reject_withdrawal, request_withdrawal
from .transfers import transfer_notify_url

WORKER_LOGIN = "worker:login"


def _worker_income_page(request, *, forms: dict | None = None, status: int = 200):
    forms = forms or {}
    rows = []
    for company in companies_of_worker(request.user).order_by("pk"):
        with tenant_context(company):
            income = worker_income(worker=request.user, time_zone=company.time_zone)
            withdrawals = [{"w": w, "account": masked_account(w)}
                           for w in withdrawals_of_worker(worker=request.user)[:10]]
            limits = earning_settings()
        rows.append({"company": company, "income": income, "withdrawals": withdrawals, "limits": limits,
                     "form": forms.get(company.pk) or WithdrawForm(prefix=f"c{company.pk}")})
    return render(request, "worker/income.html", {"rows": rows}, status=status)


@signed_in(WORKER_LOGIN)
def income(request):
    """Income by company and by day: completed, pending, available, in transit, withdrawn."""
    return _worker_income_page(request)


@sensitive_post_parameters()
@require_POST
@signed_in(WORKER_LOGIN)
def withdraw(request, company_id):
    pk = parse_id(company_id)
    company = companies_of_worker(request.user).filter(pk=pk).first() if pk is not None else None
    if company is None:
        raise NotFound("company")
    form = WithdrawForm(request.POST, prefix=f"c{company.pk}")
    if form.is_valid():
        try:
            with tenant_context(company):
                request_withdrawal(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Withdrawal requested: %(company)s will review it.")
                             % {"company": company.name})
            return redirect("worker:income")
    return _worker_income_page(request, forms={company.pk: form}, status=400)


# -- the office --------------------------------------------------------------------------------

def _queue_page(request, *, reject_forms: dict | None = None, status: int = 200):
    reject_forms = reject_forms or {}
    waiting = [{"w": w, "account": masked_account(w), "reject_form": reject_forms.get(w.pk) or RejectForm(
        prefix=f"w{w.pk}")} for w in withdrawal_queue()[:200]]
    recent = [{"w": w, "account": masked_account(w)} for w in withdrawal_queue(status=None).exclude(
        status="requested")[:50]]
    return render(request, "office/withdrawals.html", {"waiting": waiting, "recent": recent}, status=status)


@company_finance_required
def withdrawals(request):
    """The review queue: requests waiting for finance, oldest first, and the latest reviewed."""
    return _queue_page(request)


@require_POST
@company_finance_required
def withdrawal_approve(request, withdrawal_id):
    withdrawal = get_withdrawal_for(withdrawal_id=withdrawal_id)
    try:
        approve_withdrawal(actor=request.user, withdrawal=withdrawal, notify_url=transfer_notify_url())
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Approved: the transfer is on its way."))
    return redirect("office:withdrawals")


@require_POST
@company_finance_required
def withdrawal_reject(request, withdrawal_id):
    withdrawal = get_withdrawal_for(withdrawal_id=withdrawal_id)
    form = RejectForm(request.POST, prefix=f"w{withdrawal.pk}")
    if form.is_valid():
        try:
            reject_withdrawal(actor=request.user, withdrawal=withdrawal, reason=form.cleaned_data["reason"])
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Rejected: the money is back in the worker's available balance."))
            return redirect("office:withdrawals")
    return _queue_page(request, reject_forms={withdrawal.pk: form}, status=400)


def _settings_page(request, *, settings_form=None, rule_form=None, status: int = 200):
    row = earning_settings()
    services = Service.objects.order_by("pk")
    initial = {"share_kind": row.share_kind, "share_percent": row.share_percent,
               "share_fixed": row.share_fixed / 100, "settlement_days": row.settlement_days,
               "withdrawal_minimum": row.withdrawal_minimum / 100,
               "withdrawal_daily_limit": row.withdrawal_daily_limit / 100}
    return render(request, "office/earnings.html", {
        "settings_form": settings_form or EarningSettingsForm(initial=initial, prefix="s"),
        "rule_form": rule_form or CommissionRuleForm(services=services, prefix="r"),
        "rules": commission_rules()}, status=status)


@company_finance_required
def earnings_settings(request):
    """The worker's share (default and rules), settlement days and withdrawal limits."""
    if request.method != "POST":
        return _settings_page(request)
    form = EarningSettingsForm(request.POST, prefix="s")
    if form.is_valid():
        data = {**form.cleaned_data, "share_fixed": form.cleaned_data["share_fixed"] or 0}
        try:
            update_earning_settings(actor=request.user, **data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Earnings settings saved."))
            return redirect("office:earnings")
    return _settings_page(request, settings_form=form, status=400)


@require_POST
@company_finance_required
def commission_rule_add(request):
    form = CommissionRuleForm(request.POST, services=Service.objects.order_by("pk"), prefix="r")
    if form.is_valid():
        data = form.cleaned_data
        try:
            set_commission_rule(actor=request.user, service_id=data["service"], worker_level=data["worker_level"],
                                share_kind=data["share_kind"], share_percent=data["share_percent"],
                                share_fixed=data["share_fixed"])
        except DomainError as error:
            show_domain_error(form, error, field_map={"service": "service"})
        else:
            messages.success(request, _("Commission rule saved."))
            return redirect("office:earnings")
    return _settings_page(request, rule_form=form, status=400)
