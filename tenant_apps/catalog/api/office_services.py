"""Back-office services, with their variants, add-ons, cancellation policy and photos nested."""
from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import parse_input
from shared_apps.core.fields import id_field
from shared_apps.core.operations import OperationRouter
from tenant_apps.people.permissions import CompanyManager

from .. import selectors, services
from ..models import MAX_DURATION_MINUTES
from .fields import TranslatedLinesField, TranslatedTextField
from .office_add_ons import OfficeAddOnOutput
from .office_base import ERRORS, OfficeRowDetailApi, resolve_row, text_output
from .office_policies import OfficeCancellationTierOutput, OfficePhotoOutput
from .office_variants import OfficeVariantOutput


class OfficeServiceInput(serializers.Serializer):
    category = id_field()
    name = TranslatedTextField(required_text=True)
    description = TranslatedTextField(max_length=4000, required=False)
    included = TranslatedLinesField(required=False, help_text="What is included: a list of lines per language.")
    standard = TranslatedTextField(max_length=4000, required=False)
    default_duration_minutes = serializers.IntegerField(min_value=1, max_value=MAX_DURATION_MINUTES, required=False)
    required_skills = serializers.ListField(child=serializers.SlugField(max_length=40), max_length=20,
                                            required=False)
    crew_size = serializers.IntegerField(min_value=1, max_value=50, required=False)
    min_lead_minutes = serializers.IntegerField(min_value=0, max_value=60 * 24 * 30, required=False)
    position = serializers.IntegerField(min_value=0, max_value=100_000, required=False)
    is_active = serializers.BooleanField(required=False)
    is_promoted = serializers.BooleanField(required=False, help_text="Shown first on the storefront's home page.")


class OfficeServiceOutput(serializers.Serializer):
    id = serializers.IntegerField()
    category_id = serializers.IntegerField()
    name = text_output()
    description = text_output()
    included = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    standard = text_output()
    default_duration_minutes = serializers.IntegerField()
    required_skills = serializers.ListField(child=serializers.CharField())
    crew_size = serializers.IntegerField()
    min_lead_minutes = serializers.IntegerField()
    position = serializers.IntegerField()
    is_active = serializers.BooleanField()
    is_promoted = serializers.BooleanField()
    variants = OfficeVariantOutput(many=True)
    add_ons = OfficeAddOnOutput(many=True)
    cancellation_policy = OfficeCancellationTierOutput(many=True, source="cancellation_tiers")
    photos = OfficePhotoOutput(many=True)


SERVICE_EXAMPLE = {
    "category": 2, "name": {"en": "Sofa cleaning", "zh-hans": "沙发清洗"},
    "included": {"en": ["Vacuuming", "Stain treatment"], "zh-hans": ["吸尘", "去渍"]},
    "default_duration_minutes": 90, "required_skills": ["cleaning"], "crew_size": 1, "min_lead_minutes": 120,
}


class OfficeServiceListInput(serializers.Serializer):
    category = id_field(required=False)


class OfficeServiceListApi(APIView):
    """Every service with its variants, add-ons, cancellation policy and photos (owners and admins)."""

    permission_classes = [CompanyManager]

    @extend_schema(parameters=[OpenApiParameter("category", int)],
                   responses={200: OfficeServiceOutput(many=True), **ERRORS})
    def get(self, request):
        query = parse_input(OfficeServiceListInput, request.query_params)
        return Response(OfficeServiceOutput(selectors.office_services(category_id=query.get("category")),
                                            many=True).data)


class OfficeServiceAddApi(APIView):
    """Add a service (then give it variants: a service is priced by its variants)."""

    permission_classes = [CompanyManager]

    @extend_schema(request=OfficeServiceInput, responses={201: OfficeServiceOutput, **ERRORS},
                   examples=[OpenApiExample("Sofa cleaning", request_only=True, value=SERVICE_EXAMPLE)])
    def post(self, request):
        data = resolve_row(parse_input(OfficeServiceInput, request.data), "category", selectors.get_category_for,
                        request.staff_member)
        service = services.create_service(actor=request.user, values=data)
        return Response(OfficeServiceOutput(selectors.get_service_for(request.staff_member, service.pk)).data,
                        status=status.HTTP_201_CREATED)


class OfficeServiceRoutes(OperationRouter):
    """GET every service with its variants, add-ons, cancellation policy and photos; POST a service
    (then give it variants: a service is priced by its variants)."""

    operations = {"get": OfficeServiceListApi, "post": OfficeServiceAddApi}


@extend_schema_view(
    get=extend_schema(responses={200: OfficeServiceOutput, **ERRORS}),
    patch=extend_schema(request=OfficeServiceInput, responses={200: OfficeServiceOutput, **ERRORS},
                        examples=[OpenApiExample("Longer lead time", request_only=True,
                                                 value={"min_lead_minutes": 240})]),
    delete=extend_schema(responses={204: None, **ERRORS}),
)
class OfficeServiceDetailApi(OfficeRowDetailApi):
    """GET, PATCH or DELETE one service (PATCH is_active false to withdraw it from the storefront)."""

    input_class, output_class, row_name = OfficeServiceInput, OfficeServiceOutput, "service"
    fetch, update, remove = selectors.get_service_for, services.update_service, services.delete_service
    linked = ("category", selectors.get_category_for)

    def shown(self, request, row):
        return selectors.get_service_for(request.staff_member, row.pk)  # with its variants, add-ons, photos
