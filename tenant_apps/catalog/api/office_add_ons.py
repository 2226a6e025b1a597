"""Back-office add-ons of a service: price per unit, and time and crew each unit adds."""
from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import parse_input
from shared_apps.core.fields import amount_field
from shared_apps.core.operations import OperationRouter
from tenant_apps.people.permissions import CompanyManager

from .. import selectors, services
from ..choices import AddOnKind
from .fields import TranslatedTextField
from .office_base import ERRORS, OfficeRowDetailApi, text_output


class OfficeAddOnInput(serializers.Serializer):
    name = TranslatedTextField(required_text=True)
    description = TranslatedTextField(max_length=4000, required=False)
    kind = serializers.ChoiceField(choices=AddOnKind.choices, required=False)
    price = amount_field()
    max_quantity = serializers.IntegerField(min_value=1, max_value=100, required=False)
    extra_minutes = serializers.IntegerField(min_value=0, max_value=24 * 60, required=False)
    extra_crew = serializers.IntegerField(min_value=0, max_value=20, required=False)
    position = serializers.IntegerField(min_value=0, max_value=100_000, required=False)
    is_active = serializers.BooleanField(required=False)


class OfficeAddOnOutput(serializers.Serializer):
    id = serializers.IntegerField()
    service_id = serializers.IntegerField()
    name = text_output()
    description = text_output()
    kind = serializers.CharField()
    price = serializers.IntegerField()
    max_quantity = serializers.IntegerField()
    extra_minutes = serializers.IntegerField()
    extra_crew = serializers.IntegerField()
    position = serializers.IntegerField()
    is_active = serializers.BooleanField()


class OfficeAddOnListApi(APIView):
    """A service's add-ons (owners and admins)."""

    permission_classes = [CompanyManager]

    @extend_schema(responses={200: OfficeAddOnOutput(many=True), **ERRORS})
    def get(self, request, service_id):
        service = selectors.get_service_for(request.staff_member, service_id)
        return Response(OfficeAddOnOutput(service.add_ons.all(), many=True).data)


class OfficeAddOnAddApi(APIView):
    """Add an add-on (price per unit, and time and crew it adds per unit)."""

    permission_classes = [CompanyManager]

    @extend_schema(
        request=OfficeAddOnInput, responses={201: OfficeAddOnOutput, **ERRORS},
        examples=[OpenApiExample("Extra hands", request_only=True, value={
            "name": {"en": "Extra cleaner", "zh-hans": "加派一名保洁员"}, "kind": "extra_hands", "price": 15000,
            "max_quantity": 3, "extra_crew": 1})],
    )
    def post(self, request, service_id):
        service = selectors.get_service_for(request.staff_member, service_id)
        data = parse_input(OfficeAddOnInput, request.data)
        add_on = services.create_add_on(actor=request.user, service=service, values=data)
        return Response(OfficeAddOnOutput(add_on).data, status=status.HTTP_201_CREATED)


class OfficeAddOnRoutes(OperationRouter):
    """GET a service's add-ons; POST an add-on (price per unit, and time and crew it adds per unit)."""

    operations = {"get": OfficeAddOnListApi, "post": OfficeAddOnAddApi}


@extend_schema_view(
    get=extend_schema(responses={200: OfficeAddOnOutput, **ERRORS}),
    patch=extend_schema(request=OfficeAddOnInput, responses={200: OfficeAddOnOutput, **ERRORS},
                        examples=[OpenApiExample("New price", request_only=True, value={"price": 3500})]),
    delete=extend_schema(responses={204: None, **ERRORS}),
)
class OfficeAddOnDetailApi(OfficeRowDetailApi):
    """GET, PATCH or DELETE one add-on."""

    input_class, output_class, row_name = OfficeAddOnInput, OfficeAddOnOutput, "add_on"
    fetch, update, remove = selectors.get_add_on_for, services.update_add_on, services.delete_add_on
