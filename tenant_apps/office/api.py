"""Company settings in the back office: brand and custom domains."""
from django.db import connection
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput, parse_input
from shared_apps.core.operations import OperationRouter
from shared_apps.core.uploads import ImageUploadSerializerField
from tenant_apps.people.permissions import CompanyManager, CompanyOwner, CompanyStaff
from tenants import services as company_services
from tenants.models import Domain


class CompanyOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    vertical = serializers.CharField()
    primary_color = serializers.CharField()
    accent_color = serializers.CharField()
    default_language = serializers.CharField()
    logo_url = serializers.CharField(allow_null=True)
    site_url = serializers.CharField()
    domains = serializers.ListField(child=serializers.CharField())


class CompanyBrandInput(serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False)
    primary_color = serializers.RegexField(r"^#[0-9a-fA-F]{6}$", required=False)
    accent_color = serializers.RegexField(r"^#[0-9a-fA-F]{6}$", required=False)
    default_language = serializers.ChoiceField(choices=["en", "zh-hans"], required=False)
    logo = ImageUploadSerializerField(required=False)


def company_data(company) -> dict:
    return {
        "id": company.pk, "name": company.name, "slug": company.slug, "vertical": company.vertical,
        "primary_color": company.primary_color, "accent_color": company.accent_color,
        "default_language": company.default_language, "logo_url": company.logo.url if company.logo else None,
        "site_url": company.site_url,
        "domains": list(Domain.objects.filter(tenant=company).values_list("domain", flat=True)),
    }


class CompanyProfileApi(APIView):
    """The company's profile (any staff)."""

    permission_classes = [CompanyStaff]

    @extend_schema(responses={200: CompanyOutput})
    def get(self, request):
        return Response(company_data(connection.tenant))


class CompanyBrandApi(APIView):
    """Change the company's brand (owner/admin)."""

    permission_classes = [CompanyManager]

    @extend_schema(request=CompanyBrandInput, responses={200: CompanyOutput, 400: ErrorOutput})
    def patch(self, request):
        data = parse_input(CompanyBrandInput, request.data)
        company = company_services.update_branding(actor=request.user, company=connection.tenant, **data)
        return Response(company_data(company))


class CompanySettingsRoutes(OperationRouter):
    """GET: the company's profile (any staff). PATCH: brand (owner/admin)."""

    operations = {"get": CompanyProfileApi, "patch": CompanyBrandApi}


class CustomDomainInput(serializers.Serializer):
    domain = serializers.CharField(max_length=253)


class CustomDomainApi(APIView):
    """Add a custom domain (owner). Point its DNS at the platform; it serves the company's site."""

    permission_classes = [CompanyOwner]

    @extend_schema(request=CustomDomainInput, responses={201: CompanyOutput, 400: ErrorOutput})
    def post(self, request):
        data = parse_input(CustomDomainInput, request.data)
        company_services.add_custom_domain(actor=request.user, company=connection.tenant, domain=data["domain"])
        return Response(company_data(connection.tenant), status=status.HTTP_201_CREATED)
