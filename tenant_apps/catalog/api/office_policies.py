"""Back-office cancellation policy of a service and its photos."""
from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import parse_input
from shared_apps.core.fields import amount_field
from shared_apps.core.operations import OperationRouter
from shared_apps.core.uploads import ImageUploadSerializerField
from tenant_apps.people.permissions import CompanyManager

from .. import selectors, services
from .office_base import ERRORS, deleted


class OfficeCancellationTierInput(serializers.Serializer):
    hours_before = serializers.IntegerField(min_value=0, max_value=24 * 30, required=False, allow_null=True)
    on_the_way = serializers.BooleanField(default=False)
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=100, default=0)
    amount = amount_field(default=0)


class OfficeCancellationTierOutput(serializers.Serializer):
    hours_before = serializers.IntegerField(allow_null=True)
    on_the_way = serializers.BooleanField()
    percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    amount = serializers.IntegerField()


class OfficePhotoOutput(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField(source="image.url")
    position = serializers.IntegerField()


class OfficeCancellationPolicyInput(serializers.Serializer):
    tiers = OfficeCancellationTierInput(many=True, max_length=10)


class OfficeCancellationPolicyApi(APIView):
    """A service's cancellation tiers (owners and admins)."""

    permission_classes = [CompanyManager]

    @extend_schema(responses={200: OfficeCancellationTierOutput(many=True), **ERRORS})
    def get(self, request, service_id):
        service = selectors.get_service_for(request.staff_member, service_id)
        return Response(OfficeCancellationTierOutput(service.cancellation_tiers.all(), many=True).data)


class OfficeCancellationPolicySetApi(APIView):
    """Replace a service's cancellation tiers all at once (a policy is one rule)."""

    permission_classes = [CompanyManager]

    @extend_schema(
        request=OfficeCancellationPolicyInput, responses={200: OfficeCancellationTierOutput(many=True), **ERRORS},
        examples=[OpenApiExample("Free until 24 h, 20% until 2 h, 50% after, ¥30 once on the way", request_only=True,
                                 value={"tiers": [{"hours_before": 24, "percent": "0"},
                                                  {"hours_before": 2, "percent": "20"},
                                                  {"hours_before": 0, "percent": "50"},
                                                  {"on_the_way": True, "amount": 3000}]})],
    )
    def put(self, request, service_id):
        service = selectors.get_service_for(request.staff_member, service_id)
        data = parse_input(OfficeCancellationPolicyInput, request.data)
        tiers = services.set_cancellation_policy(actor=request.user, service=service, tiers=data["tiers"])
        return Response(OfficeCancellationTierOutput(tiers, many=True).data)


class OfficeCancellationPolicyRoutes(OperationRouter):
    """GET a service's cancellation tiers; PUT replaces them all at once (a policy is one rule)."""

    operations = {"get": OfficeCancellationPolicyApi, "put": OfficeCancellationPolicySetApi}


class OfficePhotoInput(serializers.Serializer):
    image = ImageUploadSerializerField()
    position = serializers.IntegerField(min_value=0, max_value=1000, required=False, default=0)


class OfficePhotoListApi(APIView):
    """POST a photo of a service (multipart: image, position)."""

    permission_classes = [CompanyManager]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request={"multipart/form-data": OfficePhotoInput}, responses={201: OfficePhotoOutput, **ERRORS})
    def post(self, request, service_id):
        service = selectors.get_service_for(request.staff_member, service_id)
        data = parse_input(OfficePhotoInput, request.data)
        photo = services.add_service_photo(actor=request.user, service=service, image=data["image"],
                                           position=data["position"])
        return Response(OfficePhotoOutput(photo).data, status=status.HTTP_201_CREATED)


class OfficePhotoDetailApi(APIView):
    """DELETE a photo."""

    permission_classes = [CompanyManager]

    @extend_schema(responses={204: None, **ERRORS})
    def delete(self, request, photo_id):
        services.delete_service_photo(actor=request.user, photo=selectors.get_photo_for(request.staff_member, photo_id))
        return deleted()
