"""Back-office variants of a service: what is sold and how it is priced."""
from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput, parse_input
from shared_apps.core.fields import amount_field
from shared_apps.core.operations import OperationRouter
from tenant_apps.people.permissions import CompanyManager

from .. import selectors, services
from ..choices import PriceModel, Unit
from ..models import MAX_DURATION_MINUTES
from .fields import TranslatedTextField
from .office_base import ERRORS, OfficeRowDetailApi, text_output


class OfficeVariantInput(serializers.Serializer):
    name = TranslatedTextField(required_text=True)
    description = TranslatedTextField(max_length=4000, required=False)
    price_model = serializers.ChoiceField(choices=PriceModel.choices)
    unit = serializers.ChoiceField(choices=Unit.choices, required=False,
                                   help_text="What is counted, for per-unit and buy-back variants.")
    base_price = amount_field(required=False)
    unit_price = amount_field(required=False)
    min_quantity = serializers.IntegerField(min_value=1, max_value=100_000, required=False)
    max_quantity = serializers.IntegerField(min_value=1, max_value=100_000, required=False)
    minimum_minutes = serializers.IntegerField(min_value=0, max_value=24 * 60, required=False)
    minimum_charge = amount_field(required=False)
    duration_minutes = serializers.IntegerField(min_value=1, max_value=MAX_DURATION_MINUTES, required=False,
                                                allow_null=True)
    minutes_per_unit = serializers.IntegerField(min_value=0, max_value=24 * 60, required=False)
    crew_size = serializers.IntegerField(min_value=1, max_value=50, required=False, allow_null=True)
    position = serializers.IntegerField(min_value=0, max_value=100_000, required=False)
    is_active = serializers.BooleanField(required=False)


class OfficeVariantOutput(serializers.Serializer):
    id = serializers.IntegerField()
    service_id = serializers.IntegerField()
    name = text_output()
    description = text_output()
    price_model = serializers.CharField()
    unit = serializers.CharField()
    base_price = serializers.IntegerField()
    unit_price = serializers.IntegerField()
    min_quantity = serializers.IntegerField()
    max_quantity = serializers.IntegerField()
    minimum_minutes = serializers.IntegerField()
    minimum_charge = serializers.IntegerField()
    duration_minutes = serializers.IntegerField(allow_null=True)
    minutes_per_unit = serializers.IntegerField()
    crew_size = serializers.IntegerField(allow_null=True)
    position = serializers.IntegerField()
    is_active = serializers.BooleanField()


class OfficeVariantListApi(APIView):
    """A service's variants (owners and admins)."""

    permission_classes = [CompanyManager]

    @extend_schema(responses={200: OfficeVariantOutput(many=True), **ERRORS})
    def get(self, request, service_id):
        service = selectors.get_service_for(request.staff_member, service_id)
        return Response(OfficeVariantOutput(service.variants.all(), many=True).data)


class OfficeVariantAddApi(APIView):
    """Add a variant with its price model."""

    permission_classes = [CompanyManager]

    @extend_schema(
        request=OfficeVariantInput, responses={201: OfficeVariantOutput, **ERRORS},
        examples=[
            OpenApiExample("Per hour, 2 hours minimum", request_only=True, value={
                "name": {"en": "Daily cleaning", "zh-hans": "日常保洁"}, "price_model": "hourly",
                "unit_price": 5000, "minimum_minutes": 120, "duration_minutes": 180}),
            OpenApiExample("Per m² with a minimum charge", request_only=True, value={
                "name": {"en": "Deep cleaning", "zh-hans": "深度保洁"}, "price_model": "per_area",
                "unit_price": 800, "min_quantity": 20, "max_quantity": 500, "minimum_charge": 30000,
                "duration_minutes": 120, "minutes_per_unit": 2}),
        ],
    )
    def post(self, request, service_id):
        service = selectors.get_service_for(request.staff_member, service_id)
        data = parse_input(OfficeVariantInput, request.data)
        variant = services.create_variant(actor=request.user, service=service, values=data)
        return Response(OfficeVariantOutput(variant).data, status=status.HTTP_201_CREATED)


class OfficeVariantRoutes(OperationRouter):
    """GET a service's variants; POST a variant with its price model."""

    operations = {"get": OfficeVariantListApi, "post": OfficeVariantAddApi}


@extend_schema_view(
    get=extend_schema(responses={200: OfficeVariantOutput, **ERRORS}),
    patch=extend_schema(request=OfficeVariantInput, responses={200: OfficeVariantOutput, **ERRORS},
                        examples=[OpenApiExample("New price", request_only=True, value={"unit_price": 5500})]),
    delete=extend_schema(responses={204: None, 409: ErrorOutput, **ERRORS}),
)
class OfficeVariantDetailApi(OfficeRowDetailApi):
    """GET, PATCH or DELETE one variant (a service keeps at least one)."""

    input_class, output_class, row_name = OfficeVariantInput, OfficeVariantOutput, "variant"
    fetch, update, remove = selectors.get_variant_for, services.update_variant, services.delete_variant
