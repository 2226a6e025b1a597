"""Sign-in endpoints, served on the platform host and on every company host."""
from django.db import connection
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput, parse_input
from shared_apps.core.errors import ValidationFailed
from shared_apps.core.permissions import Anyone, SignedIn
from shared_apps.core.requests import client_info

from . import services
from .output import UserOutput, user_data
from .phones import mask_phone


class SmsCodeRequestInput(serializers.Serializer):
    phone = serializers.CharField(max_length=32)


class SmsCodeRequestOutput(serializers.Serializer):
    sent_to = serializers.CharField()
    expires_in = serializers.IntegerField()


class SmsCodeRequestApi(APIView):
    """Send a 6-digit sign-in code by SMS."""

    permission_classes = [Anyone]
    authentication_classes: list = []

    @extend_schema(
        request=SmsCodeRequestInput,
        responses={202: SmsCodeRequestOutput, 400: ErrorOutput, 429: ErrorOutput},
        examples=[OpenApiExample("China mobile", value={"phone": "+8613800138000"}, request_only=True)],
    )
    def post(self, request):
        data = parse_input(SmsCodeRequestInput, request.data)
        sent_to = services.request_login_code(phone=data["phone"], client=client_info(request))
        from django.conf import settings

        return Response(
            {"sent_to": mask_phone(sent_to), "expires_in": settings.SMS_CODE_TTL_SECONDS},
            status=status.HTTP_202_ACCEPTED,
        )


class TokenInput(serializers.Serializer):
    identifier = serializers.CharField(required=False, allow_blank=True, help_text="Phone or email, with password")
    password = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    phone = serializers.CharField(required=False, allow_blank=True, help_text="Phone, with the SMS code")
    code = serializers.CharField(required=False, allow_blank=True)


class TokenOutput(serializers.Serializer):
    token = serializers.CharField()
    user = UserOutput()


class TokenApi(APIView):
    """Sign in for the API: phone/email + password, or phone + SMS code. Answers a bearer token
    (send it as `Authorization: Token <key>`)."""

    permission_classes = [Anyone]
    authentication_classes: list = []

    @extend_schema(
        request=TokenInput,
        responses={200: TokenOutput, 400: ErrorOutput, 403: ErrorOutput, 429: ErrorOutput},
        examples=[
            OpenApiExample("Password", value={"identifier": "owner@example.com", "password": "s3cret-pass"},
                           request_only=True),
            OpenApiExample("SMS code", value={"phone": "+8613800138000", "code": "123456"}, request_only=True),
        ],
    )
    def post(self, request):
        data = parse_input(TokenInput, request.data)
        user = sign_in(data, request)
        # The app's Accept-Language, kept for what we send them (as the sign-in pages do).
        services.remember_language(actor=user, user=user, language=request.LANGUAGE_CODE)
        return Response({"token": services.api_token_for(user), "user": user_data(user)})


def sign_in(data: dict, request):
    """Password when a password is given, SMS code when a code is given."""
    if data.get("code"):
        return services.sign_in_with_code(phone=data.get("phone", ""), code=data["code"], client=client_info(request))
    if data.get("password") or data.get("identifier"):
        return services.sign_in_with_password(
            identifier=data.get("identifier", ""), password=data.get("password", ""), client=client_info(request)
        )
    raise ValidationFailed({"identifier": [_("Give phone/email and password, or phone and SMS code.")]})


class LogoutApi(APIView):
    """Revoke the caller's API token."""

    permission_classes = [SignedIn]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        from rest_framework.authtoken.models import Token

        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class AffiliationOutput(serializers.Serializer):
    company_id = serializers.IntegerField()
    company_name = serializers.CharField()
    site_url = serializers.CharField()
    kind = serializers.CharField()
    role = serializers.CharField()


class MeOutput(serializers.Serializer):
    user = UserOutput()
    company_role = serializers.CharField(allow_null=True, help_text="Your staff role at this host's company")
    affiliations = AffiliationOutput(many=True)


class MeApi(APIView):
    """Who the caller is, their role at this host's company and every company they belong to."""

    permission_classes = [SignedIn]

    @extend_schema(responses={200: MeOutput})
    def get(self, request):
        from tenants.models import AffiliationKind
        from tenants.selectors import affiliations_of

        found = list(affiliations_of(request.user))
        role = None
        if connection.tenant is not None and not connection.tenant.is_platform:
            # The active staff row's public mirror (written with it, in the same transaction).
            role = next((a.role for a in found
                         if a.kind == AffiliationKind.STAFF and a.company_id == connection.tenant.pk), None)
        affiliations = [
            {"company_id": a.company_id, "company_name": a.company.name, "site_url": a.company.site_url,
             "kind": a.kind, "role": a.role}
            for a in found
        ]
        return Response({"user": user_data(request.user), "company_role": role, "affiliations": affiliations})

