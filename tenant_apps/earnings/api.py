"""Earnings API. On a company host: the office's commission settings and rules, the withdrawal review
queue (approve, reject), and the provider's transfer notifications. On the platform host: the
worker's income across companies and their withdrawal requests (worker_urls.py)."""
from __future__ import annotations

from contextlib import contextmanager

from django.http import HttpResponse
from django_tenants.utils import tenant_context
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.actor import SYSTEM
from shared_apps.core.api import ErrorOutput, parse_id, parse_input
from shared_apps.core.errors import DomainError, NotFound
from shared_apps.core.permissions import Anyone, SignedIn
from shared_apps.idempotency.keys import idempotent
from shared_apps.payment_providers.interface import NotificationRejected
from tenant_apps.people.permissions import CompanyFinance
from tenants.selectors import companies_of_worker

from .errors import EarningsError
from .models import PayoutMethod, ShareKind, WithdrawalStatus
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
from .services.withdrawals import apply_transfer_notification, approve_withdrawal, reject_withdrawal, request_withdrawal
from .transfers import notification_provider, transfer_notify_url

# -- the office: settings and rules -------------------------------------------------------------


class EarningSettingsOutput(serializers.Serializer):
    share_kind = serializers.ChoiceField(choices=ShareKind.choices)
    share_percent = serializers.IntegerField()
    share_fixed = serializers.IntegerField(help_text="Fen.")
    settlement_days = serializers.IntegerField()
    withdrawal_minimum = serializers.IntegerField(help_text="Fen.")
    withdrawal_daily_limit = serializers.IntegerField(help_text="Fen.")


class EarningSettingsInput(serializers.Serializer):
    share_kind = serializers.ChoiceField(choices=ShareKind.choices)
    share_percent = serializers.IntegerField(min_value=0, max_value=100)
    share_fixed = serializers.IntegerField(min_value=0, max_value=10**8, default=0)
    settlement_days = serializers.IntegerField(min_value=0, max_value=90)
    withdrawal_minimum = serializers.IntegerField(min_value=1, max_value=10**8)
    withdrawal_daily_limit = serializers.IntegerField(min_value=1, max_value=10**9)


def _settings_data(row) -> dict:
    return {name: getattr(row, name) for name in EarningSettingsOutput().fields}


class EarningSettingsApi(APIView):
    """GET / PUT the company's default worker share, settlement days and withdrawal limits (finance)."""

    permission_classes = [CompanyFinance]

    @extend_schema(responses={200: EarningSettingsOutput})
    def get(self, request):
        return Response(_settings_data(earning_settings()))

    @extend_schema(request=EarningSettingsInput, responses={200: EarningSettingsOutput, 400: ErrorOutput})
    def put(self, request):
        data = parse_input(EarningSettingsInput, request.data)
        return Response(_settings_data(update_earning_settings(actor=request.user, **data)))


class CommissionRuleOutput(serializers.Serializer):
    id = serializers.IntegerField()
    service_id = serializers.IntegerField(allow_null=True)
    worker_level = serializers.IntegerField(allow_null=True)
    share_kind = serializers.ChoiceField(choices=ShareKind.choices)
    share_percent = serializers.IntegerField(allow_null=True)
    share_fixed = serializers.IntegerField(allow_null=True)


class CommissionRuleInput(serializers.Serializer):
    service_id = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1)
    worker_level = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=10)
    share_kind = serializers.ChoiceField(choices=ShareKind.choices)
    share_percent = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0,
                                             max_value=100)
    share_fixed = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=0,
                                           max_value=10**8)


def _rule_data(rule) -> dict:
    return {name: getattr(rule, name) for name in CommissionRuleOutput().fields}


class CommissionRuleListApi(APIView):
    """GET the commission rules; POST adds (or replaces) the rule of a service and/or worker level."""

    permission_classes = [CompanyFinance]

    @extend_schema(responses={200: CommissionRuleOutput(many=True)})
    def get(self, request):
        return Response([_rule_data(rule) for rule in commission_rules()])

    @extend_schema(request=CommissionRuleInput, responses={201: CommissionRuleOutput, 400: ErrorOutput})
    def post(self, request):
        data = parse_input(CommissionRuleInput, request.data)
        return Response(_rule_data(set_commission_rule(actor=request.user, **data)), status=201)


# -- withdrawals -------------------------------------------------------------------------------


class WithdrawalOutput(serializers.Serializer):
    id = serializers.IntegerField()
    reference = serializers.CharField()
    worker_id = serializers.IntegerField()
    worker_name = serializers.CharField()
    amount = serializers.IntegerField(help_text="Fen.")
    method = serializers.ChoiceField(choices=PayoutMethod.choices)
    payee_name = serializers.CharField()
    account = serializers.CharField(help_text="Masked.")
    status = serializers.ChoiceField(choices=WithdrawalStatus.choices)
    requested_at = serializers.DateTimeField()
    reviewed_by = serializers.CharField()
    reviewed_at = serializers.DateTimeField(allow_null=True)
    reject_reason = serializers.CharField()
    failure_reason = serializers.CharField()
    finished_at = serializers.DateTimeField(allow_null=True)


def withdrawal_data(withdrawal) -> dict:
    return {"id": withdrawal.pk, "reference": withdrawal.reference, "worker_id": withdrawal.worker_id,
            "worker_name": str(withdrawal.worker), "amount": withdrawal.amount, "method": withdrawal.method,
            "payee_name": withdrawal.payee_name, "account": masked_account(withdrawal), "status": withdrawal.status,
            "requested_at": withdrawal.created_at, "reviewed_by": withdrawal.reviewed_by_name,
            "reviewed_at": withdrawal.reviewed_at, "reject_reason": withdrawal.reject_reason,
            "failure_reason": withdrawal.failure_reason, "finished_at": withdrawal.finished_at}


class OfficeWithdrawalListApi(APIView):
    """The review queue (`?status=requested`, the default) or every withdrawal (`?status=all`)."""

    permission_classes = [CompanyFinance]

    @extend_schema(parameters=[OpenApiParameter("status", str, required=False)],
                   responses={200: WithdrawalOutput(many=True)})
    def get(self, request):
        status = request.query_params.get("status", WithdrawalStatus.REQUESTED)
        if status not in (*WithdrawalStatus.values, "all"):
            raise DomainError("invalid", "Unknown status.", fields={"status": ["Unknown status."]})
        rows = withdrawal_queue(status=None if status == "all" else status)[:500]
        return Response([withdrawal_data(w) for w in rows])


class WithdrawalApproveInput(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)


class OfficeWithdrawalApproveApi(APIView):
    """Approve: the transfer goes to the provider; its notification completes the withdrawal."""

    permission_classes = [CompanyFinance]

    @extend_schema(request=WithdrawalApproveInput, responses={200: WithdrawalOutput, 409: ErrorOutput})
    @idempotent
    def post(self, request, withdrawal_id):
        data = parse_input(WithdrawalApproveInput, request.data)
        withdrawal = get_withdrawal_for(withdrawal_id=withdrawal_id)
        return Response(withdrawal_data(approve_withdrawal(actor=request.user, withdrawal=withdrawal,
                                                           notify_url=transfer_notify_url(), note=data["note"])))


class WithdrawalRejectInput(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class OfficeWithdrawalRejectApi(APIView):
    """Reject with a reason the worker reads: the money returns to their available balance."""

    permission_classes = [CompanyFinance]

    @extend_schema(request=WithdrawalRejectInput, responses={200: WithdrawalOutput, 409: ErrorOutput})
    @idempotent
    def post(self, request, withdrawal_id):
        data = parse_input(WithdrawalRejectInput, request.data)
        withdrawal = get_withdrawal_for(withdrawal_id=withdrawal_id)
        return Response(withdrawal_data(reject_withdrawal(actor=request.user, withdrawal=withdrawal,
                                                          reason=data["reason"])))


class TransferNotificationApi(APIView):
    """The provider's signed transfer notification (no sign-in: the signature is the proof). A
    forged, stale or unknown one is a 400 and changes nothing; a repeat is acknowledged again."""

    permission_classes = [Anyone]
    authentication_classes = []

    @extend_schema(request=None, responses={200: None, 400: ErrorOutput})
    def post(self, request, provider):
        adapter = notification_provider(provider)
        try:
            notification = adapter.verify_notification(headers=request.headers, body=request.body)
        except NotificationRejected as error:
            raise DomainError(EarningsError.NOTIFICATION_REJECTED, str(error) or "refused", status=400) from None
        apply_transfer_notification(actor=SYSTEM, notification=notification)
        status, content_type, body = adapter.acknowledgement()
        return HttpResponse(body, status=status, content_type=content_type)


# -- the worker (platform host) ----------------------------------------------------------------


class WorkerBalanceOutput(serializers.Serializer):
    pending = serializers.IntegerField()
    available = serializers.IntegerField()
    in_transit = serializers.IntegerField()
    withdrawn = serializers.IntegerField()


class WorkerIncomeDayOutput(serializers.Serializer):
    day = serializers.DateField()
    earned = serializers.IntegerField()
    tips = serializers.IntegerField()
    settled = serializers.IntegerField()
    withdrawn = serializers.IntegerField()


class WorkerCompanyIncomeOutput(serializers.Serializer):
    company_id = serializers.IntegerField()
    company_name = serializers.CharField()
    completed_orders = serializers.IntegerField()
    earned = serializers.IntegerField()
    balance = WorkerBalanceOutput()
    days = WorkerIncomeDayOutput(many=True)


def income_of(user) -> list[dict]:
    """The caller's income in every company they work for (each schema entered visibly)."""
    found = []
    for company in companies_of_worker(user).order_by("pk"):
        with tenant_context(company):
            income = worker_income(worker=user, time_zone=company.time_zone)
        found.append({"company": company, "company_id": company.pk, "company_name": company.name,
                      "completed_orders": income.completed_orders, "earned": income.earned,
                      "balance": income.balance.__dict__, "days": [day.__dict__ for day in income.days]})
    return found


class WorkerIncomeApi(APIView):
    """The caller's income by company and by day: completed, pending, settled, in transit, withdrawn."""

    permission_classes = [SignedIn]

    @extend_schema(responses={200: WorkerCompanyIncomeOutput(many=True)})
    def get(self, request):
        return Response([{k: v for k, v in row.items() if k != "company"} for row in income_of(request.user)])


@contextmanager
def worker_company(request, company_id):
    """Enter a company the caller works for, or 404 (another's and a missing one look the same)."""
    pk = parse_id(company_id)
    company = companies_of_worker(request.user).filter(pk=pk).first() if pk is not None else None
    if company is None:
        raise NotFound("company")
    with tenant_context(company):
        yield company


class WorkerWithdrawInput(serializers.Serializer):
    amount = serializers.IntegerField(min_value=1, max_value=10**9, help_text="Fen.")
    method = serializers.ChoiceField(choices=PayoutMethod.choices)
    payee_name = serializers.CharField(max_length=60)
    account = serializers.CharField(max_length=80)


class WorkerWithdrawApi(APIView):
    """GET the caller's withdrawals at a company; POST asks for one from the available balance."""

    permission_classes = [SignedIn]

    @extend_schema(responses={200: WithdrawalOutput(many=True)})
    def get(self, request, company_id):
        with worker_company(request, company_id):
            return Response([withdrawal_data(w) for w in withdrawals_of_worker(worker=request.user)[:200]])

    @extend_schema(request=WorkerWithdrawInput, responses={201: WithdrawalOutput, 400: ErrorOutput,
                                                           409: ErrorOutput})
    @idempotent
    def post(self, request, company_id):
        data = parse_input(WorkerWithdrawInput, request.data)
        with worker_company(request, company_id):
            withdrawal = request_withdrawal(actor=request.user, **data)
            return Response(withdrawal_data(withdrawal), status=201)


