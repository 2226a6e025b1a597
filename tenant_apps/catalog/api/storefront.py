"""The storefront's catalog: categories, services and a service's detail, open to anyone.
Only active things are shown; text comes in the request's language."""
from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput, parse_input
from shared_apps.core.permissions import Anyone

from ..choices import PriceModel
from ..pricing import starting_price
from ..selectors import (
    catalog_settings,
    get_storefront_service,
    storefront_categories,
    storefront_services,
    variant_terms,
)
from ..wording import tier_summary
from .fields import LocalizedLinesField, LocalizedTextField


class StorefrontCategoryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    parent_id = serializers.IntegerField(allow_null=True)
    name = LocalizedTextField()
    description = LocalizedTextField()


class StorefrontCategoryListApi(APIView):
    """Active categories (two levels: top categories have parent_id null), in display order."""

    permission_classes = [Anyone]

    @extend_schema(responses={200: StorefrontCategoryOutput(many=True)})
    def get(self, request):
        return Response(StorefrontCategoryOutput(storefront_categories(), many=True).data)


class StorefrontVariantOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = LocalizedTextField()
    description = LocalizedTextField()
    price_model = serializers.CharField()
    unit = serializers.CharField()
    base_price = serializers.IntegerField()
    unit_price = serializers.IntegerField()
    min_quantity = serializers.IntegerField()
    max_quantity = serializers.IntegerField()
    minimum_minutes = serializers.IntegerField()
    minimum_charge = serializers.IntegerField()
    duration_minutes = serializers.SerializerMethodField()
    minutes_per_unit = serializers.IntegerField()
    crew_size = serializers.SerializerMethodField()
    from_price = serializers.SerializerMethodField()

    def get_duration_minutes(self, variant) -> int:
        return variant.duration_minutes or variant.service.default_duration_minutes

    def get_crew_size(self, variant) -> int:
        return variant.crew_size or variant.service.crew_size

    def get_from_price(self, variant) -> int:
        return starting_price(variant_terms(variant, variant.service))


class StorefrontAddOnOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = LocalizedTextField()
    description = LocalizedTextField()
    kind = serializers.CharField()
    price = serializers.IntegerField()
    max_quantity = serializers.IntegerField()
    extra_minutes = serializers.IntegerField()
    extra_crew = serializers.IntegerField()


class StorefrontCancellationTierOutput(serializers.Serializer):
    hours_before = serializers.IntegerField(allow_null=True)
    on_the_way = serializers.BooleanField()
    percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    amount = serializers.IntegerField()
    summary = serializers.SerializerMethodField()

    def get_summary(self, tier) -> str:
        return tier_summary(tier, self.context["currency"])


class StorefrontServiceOutput(serializers.Serializer):
    id = serializers.IntegerField()
    category_id = serializers.IntegerField()
    name = LocalizedTextField()
    description = LocalizedTextField()
    photos = serializers.SerializerMethodField()
    default_duration_minutes = serializers.IntegerField()
    crew_size = serializers.IntegerField()
    min_lead_minutes = serializers.IntegerField()
    is_promoted = serializers.BooleanField()
    from_price = serializers.SerializerMethodField()
    currency = serializers.SerializerMethodField()
    is_buyback = serializers.SerializerMethodField()

    def get_photos(self, service) -> list[str]:
        return [photo.image.url for photo in service.photos.all()]

    def get_from_price(self, service) -> int | None:
        prices = [starting_price(variant_terms(v, service)) for v in service.variants.all()]
        return min(prices) if prices else None

    def get_currency(self, service) -> str:
        return self.context["currency"]

    def get_is_buyback(self, service) -> bool:
        return any(v.price_model == PriceModel.BUYBACK for v in service.variants.all())


class StorefrontServiceDetailOutput(StorefrontServiceOutput):
    category_name = LocalizedTextField(source="category.name")
    included = LocalizedLinesField()
    standard = LocalizedTextField()
    required_skills = serializers.ListField(child=serializers.CharField())
    variants = StorefrontVariantOutput(many=True)
    add_ons = StorefrontAddOnOutput(many=True)
    cancellation_policy = StorefrontCancellationTierOutput(many=True, source="cancellation_tiers")


class StorefrontServiceListInput(serializers.Serializer):
    category = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False)


class StorefrontServiceListApi(APIView):
    """Active services, optionally of one category (a top category includes its sub-categories)."""

    permission_classes = [Anyone]

    @extend_schema(
        parameters=[OpenApiParameter("category", int, description="Only services of this category.")],
        responses={200: StorefrontServiceOutput(many=True), 400: ErrorOutput},
    )
    def get(self, request):
        query = parse_input(StorefrontServiceListInput, request.query_params)
        services = storefront_services(category_id=query.get("category"))
        context = {"currency": catalog_settings().currency}
        return Response(StorefrontServiceOutput(services, many=True, context=context).data)


class StorefrontServiceDetailApi(APIView):
    """One active service: what is included, its standard, variants, add-ons and cancellation policy."""

    permission_classes = [Anyone]

    @extend_schema(
        responses={200: StorefrontServiceDetailOutput, 404: ErrorOutput},
        examples=[OpenApiExample("Not offered", value={"code": "not_found", "message": "No such service.",
                                                       "fields": {}}, response_only=True, status_codes=["404"])],
    )
    def get(self, request, service_id):
        service = get_storefront_service(service_id)
        context = {"currency": catalog_settings().currency}
        return Response(StorefrontServiceDetailOutput(service, context=context).data)
