"""Console endpoints for platform operators: companies and users."""
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.models import User, UserStatus
from shared_apps.accounts.output import UserOutput, user_data
from shared_apps.accounts.services import set_user_status
from shared_apps.core.api import ErrorOutput, parse_id, parse_input
from shared_apps.core.errors import NotFound
from shared_apps.core.permissions import PlatformOperator
from tenants.models import CompanyStatus
from tenants.selectors import companies
from tenants.services import set_company_status


class ConsoleCompanyOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    vertical = serializers.CharField()
    status = serializers.CharField()
    site_url = serializers.CharField()
    created_at = serializers.DateTimeField()


def console_company_data(company) -> dict:
    return {"id": company.pk, "name": company.name, "slug": company.slug, "vertical": company.vertical,
            "status": company.status, "site_url": company.site_url, "created_at": company.created_at}


class ConsoleCompanyListApi(APIView):
    permission_classes = [PlatformOperator]

    @extend_schema(responses={200: ConsoleCompanyOutput(many=True)})
    def get(self, request):
        return Response([console_company_data(c) for c in companies().order_by("-created_at")[:500]])


class CompanyStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=CompanyStatus.choices)
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="",
                                   help_text="Required to suspend; recorded with who and when.")


class ConsoleCompanyStatusApi(APIView):
    """Suspend (with a reason) or reactivate a company; the change is recorded with who and when."""

    permission_classes = [PlatformOperator]

    @extend_schema(request=CompanyStatusInput, responses={200: ConsoleCompanyOutput, 404: ErrorOutput})
    def post(self, request, company_id):
        company = companies().filter(pk=parse_id(company_id)).first()
        if company is None:
            raise NotFound("company")
        data = parse_input(CompanyStatusInput, request.data)
        company = set_company_status(actor=request.user, company=company, status=data["status"],
                                     reason=data["reason"])
        return Response(console_company_data(company))


class UserStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=UserStatus.choices)
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True)


class ConsoleUserStatusApi(APIView):
    """Warn, restrict, ban or restore a user (A10)."""

    permission_classes = [PlatformOperator]

    @extend_schema(request=UserStatusInput, responses={200: UserOutput, 404: ErrorOutput})
    def post(self, request, user_id):
        user = User.objects.filter(pk=parse_id(user_id)).first()
        if user is None:
            raise NotFound("user")
        data = parse_input(UserStatusInput, request.data)
        user = set_user_status(actor=request.user, user=user, status=data["status"], reason=data.get("reason", ""))
        return Response(user_data(user))
