"""The office's payment settings API: read and change (owner, admin, finance); credentials (owner).
No answer ever carries a credential: only whether it is set and its last four characters."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput, parse_input
from shared_apps.core.errors import NotFound
from shared_apps.idempotency.keys import idempotent
from tenant_apps.people.permissions import CompanyFinance, CompanyOwner

from .methods import ONLINE
from .models import AccountMode, DepositPolicy, Method
from .selectors import PaymentSettingsState, payment_settings_state
from .services import set_payment_credentials, update_payment_settings


class PaymentCredentialStateOutput(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    is_set = serializers.BooleanField()
    ends_with = serializers.CharField(help_text="The last four characters, to tell which one is set.")
    required = serializers.BooleanField()


class PaymentMethodOutput(serializers.Serializer):
    method = serializers.ChoiceField(choices=Method.choices)
    label = serializers.CharField()
    is_online = serializers.BooleanField()
    is_enabled = serializers.BooleanField()
    mode = serializers.CharField(help_text="own or partner; empty for pay on site.")
    sub_merchant_id = serializers.CharField()
    credentials = PaymentCredentialStateOutput(many=True)
    missing = serializers.ListField(child=serializers.CharField(),
                                    help_text="Credentials still needed for live payments (own account).")
    is_ready_for_live = serializers.BooleanField()


class PaymentSettingsOutput(serializers.Serializer):
    use_sandbox = serializers.BooleanField()
    deposit_policy = serializers.ChoiceField(choices=DepositPolicy.choices)
    deposit_percent = serializers.IntegerField(allow_null=True)
    methods = PaymentMethodOutput(many=True)


def settings_data(state: PaymentSettingsState) -> dict:
    return {
        "use_sandbox": state.use_sandbox, "deposit_policy": state.deposit_policy,
        "deposit_percent": state.deposit_percent,
        "methods": [{
            "method": m.method, "label": m.label, "is_online": m.is_online, "is_enabled": m.is_enabled,
            "mode": m.mode, "sub_merchant_id": m.sub_merchant_id, "missing": m.missing,
            "is_ready_for_live": m.is_ready_for_live,
            "credentials": [{"name": c.name, "label": c.label, "is_set": c.is_set, "ends_with": c.ends_with,
                             "required": c.required} for c in m.credentials],
        } for m in state.methods],
    }


class PaymentMethodChoiceInput(serializers.Serializer):
    is_enabled = serializers.BooleanField(required=False)
    mode = serializers.ChoiceField(choices=AccountMode.choices, required=False)
    sub_merchant_id = serializers.CharField(max_length=64, required=False, allow_blank=True)


class PaymentMethodsInput(serializers.Serializer):
    wechat_pay = PaymentMethodChoiceInput(required=False)
    alipay = PaymentMethodChoiceInput(required=False)
    unionpay = PaymentMethodChoiceInput(required=False)
    on_site = PaymentMethodChoiceInput(required=False)


class PaymentSettingsInput(serializers.Serializer):
    use_sandbox = serializers.BooleanField()
    deposit_policy = serializers.ChoiceField(choices=DepositPolicy.choices)
    deposit_percent = serializers.IntegerField(required=False, allow_null=True, default=None,
                                               help_text="1-99 with the percent policy.")
    methods = PaymentMethodsInput(required=False, default=dict)


class PaymentSettingsApi(APIView):
    """GET the company's payment settings; PUT the methods, their accounts, the deposit, sandbox or live.
    Owner, admin or finance."""

    permission_classes = [CompanyFinance]

    @extend_schema(responses={200: PaymentSettingsOutput})
    def get(self, request):
        return Response(settings_data(payment_settings_state()))

    @extend_schema(request=PaymentSettingsInput, responses={200: PaymentSettingsOutput, 400: ErrorOutput})
    def put(self, request):
        data = parse_input(PaymentSettingsInput, request.data)
        state = update_payment_settings(actor=request.user, use_sandbox=data["use_sandbox"],
                                        deposit_policy=data["deposit_policy"],
                                        deposit_percent=data["deposit_percent"], methods=data["methods"])
        return Response(settings_data(state))


class PaymentCredentialsInput(serializers.Serializer):
    """Any of the method's credential fields (see GET's `credentials` names); blank keeps the stored one."""

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError({"credentials": ["Send an object of credential fields."]})
        fields: dict[str, list[str]] = {}
        values = {}
        for name, value in data.items():
            if not isinstance(value, str) or len(value) > 20_000:
                fields[str(name)] = ["A text of at most 20,000 characters."]
            else:
                values[str(name)] = value
        if fields:
            raise serializers.ValidationError(fields)
        return values


class PaymentCredentialsApi(APIView):
    """PUT: enter or replace an online method's credentials (the owner only). The answer says which
    are set, never what they are."""

    permission_classes = [CompanyOwner]

    @extend_schema(request=PaymentCredentialsInput, responses={200: PaymentSettingsOutput, 400: ErrorOutput})
    def put(self, request, method):
        if method not in ONLINE:
            raise NotFound("payment method")
        values = parse_input(PaymentCredentialsInput, request.data)
        return Response(settings_data(set_payment_credentials(actor=request.user, method=method, values=values)))


class OfficeRefundInput(serializers.Serializer):
    amount_fen = serializers.IntegerField(min_value=1, help_text="This refund, in fen; at most what is left.")
    reason = serializers.CharField(max_length=300)


class OfficeRefundOutput(serializers.Serializer):
    refund_id = serializers.IntegerField()
    reference = serializers.CharField()
    status = serializers.CharField()
    amount_fen = serializers.IntegerField()
    payment_status = serializers.CharField()


class OfficePaymentRefundApi(APIView):
    """Refund (part of) a payment with a reason: owner, admin or finance; above the per-refund limit,
    the owner only. Takes an Idempotency-Key: a retry never refunds twice."""

    permission_classes = [CompanyFinance]

    @extend_schema(request=OfficeRefundInput, responses={201: OfficeRefundOutput, 403: ErrorOutput,
                                                         409: ErrorOutput, 422: ErrorOutput})
    @idempotent
    def post(self, request, payment_id):
        from rest_framework import status

        from .refunds import refund_payment
        from .selectors import get_payment_for_office

        data = parse_input(OfficeRefundInput, request.data)
        payment = get_payment_for_office(payment_id)
        refund = refund_payment(actor=request.user, payment_id=payment.pk, amount_fen=data["amount_fen"],
                                reason=data["reason"])
        payment.refresh_from_db()
        return Response({"refund_id": refund.pk, "reference": refund.reference, "status": refund.status,
                         "amount_fen": refund.amount_fen, "payment_status": payment.status},
                        status=status.HTTP_201_CREATED)
