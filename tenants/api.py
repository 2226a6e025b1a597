"""Company sign-up on the platform host: POST /api/v1/companies/."""
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput, parse_input
from shared_apps.core.permissions import Anyone
from shared_apps.core.requests import client_info

from .models import Vertical
from .services import SLUG_MAX_LENGTH, OwnerInput, sign_up_company


class CompanyOwnerInput(serializers.Serializer):
    phone = serializers.CharField(required=False, allow_blank=True, max_length=32)
    email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    password = serializers.CharField(trim_whitespace=False, max_length=128)
    name = serializers.CharField(required=False, allow_blank=True, max_length=100)


class CompanySignUpInput(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    slug = serializers.CharField(max_length=SLUG_MAX_LENGTH, help_text="Subdomain: <slug>.<platform domain>")
    vertical = serializers.ChoiceField(choices=Vertical.choices, required=False, default=Vertical.HOUSEKEEPING)
    language = serializers.ChoiceField(choices=["en", "zh-hans"], required=False, default="en")
    owner = CompanyOwnerInput()


class CompanySignUpOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    slug = serializers.CharField()
    vertical = serializers.CharField()
    site_url = serializers.CharField()
    office_url = serializers.CharField()
    owner_id = serializers.IntegerField()


class CompanySignUpApi(APIView):
    """Sign up a home-service company: its own schema, its subdomain and its owner, at once."""

    permission_classes = [Anyone]
    authentication_classes: list = []

    @extend_schema(
        request=CompanySignUpInput,
        responses={201: CompanySignUpOutput, 400: ErrorOutput},
        examples=[OpenApiExample("Cleaning company", request_only=True, value={
            "name": "Sparkle Cleaning", "slug": "sparkle", "vertical": "housekeeping",
            "owner": {"phone": "+8613800138000", "email": "owner@sparkle.example", "password": "a-long-passphrase"},
        })],
    )
    def post(self, request):
        data = parse_input(CompanySignUpInput, request.data)
        owner = data["owner"]
        result = sign_up_company(
            name=data["name"], slug=data["slug"], vertical=data["vertical"], language=data["language"],
            client=client_info(request),
            owner=OwnerInput(phone=owner.get("phone") or None, email=owner.get("email") or None,
                             password=owner["password"], name=owner.get("name", "")),
        )
        company = result.company
        return Response(
            {"id": company.pk, "name": company.name, "slug": company.slug, "vertical": company.vertical,
             "site_url": company.site_url, "office_url": company.site_url + "/office/", "owner_id": result.owner.pk},
            status=status.HTTP_201_CREATED,
        )
