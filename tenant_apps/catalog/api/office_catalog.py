"""Back-office catalog endpoints: categories, services, variants, add-ons, photos and cancellation
policies. Owners and admins only (price rules: office_price_rules.py)."""
from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput, parse_input
from shared_apps.core.errors import NotFound, ValidationFailed
from shared_apps.core.fields import amount_field, id_field
from shared_apps.core.uploads import ImageUploadSerializerField
from tenant_apps.people.permissions import CompanyManager

from .. import selectors, services
from ..choices import AddOnKind, PriceModel, Unit
from ..models import MAX_DURATION_MINUTES
from .fields import TranslatedLinesField, TranslatedTextField

ERRORS = {400: ErrorOutput, 403: ErrorOutput, 404: ErrorOutput}


def text_output(**kwargs) -> serializers.DictField:
    return serializers.DictField(child=serializers.CharField(), **kwargs)


def resolve_row(data: dict, key: str, getter, member) -> dict:
    """Replace the id under `key` with its row; an unknown id is a field error, not a 404."""
    if data.get(key) is None:
        return data
    try:
        return {**data, key: getter(member, data[key])}
    except NotFound:
        raise ValidationFailed({key: [_("There is no such item.")]}) from None


def deleted() -> Response:
    return Response(status=status.HTTP_204_NO_CONTENT)


# ---- categories ----------------------------------------------------------------------------------

class OfficeCategoryInput(serializers.Serializer):
    parent = id_field(required=False, allow_null=True)
    name = TranslatedTextField(required_text=True)
    description = TranslatedTextField(max_length=4000, required=False)
    position = serializers.IntegerField(min_value=0, max_value=100_000, required=False)
    is_active = serializers.BooleanField(required=False)


class OfficeCategoryOutput(serializers.Serializer):
    id = serializers.IntegerField()
    parent_id = serializers.IntegerField(allow_null=True)
    name = text_output()
    description = text_output()
    position = serializers.IntegerField()
    is_active = serializers.BooleanField()


class OfficeCategoryListApi(APIView):
    """GET every category (active or not); POST a category (parent empty: top level)."""

    permission_classes = [CompanyManager]

    @extend_schema(responses={200: OfficeCategoryOutput(many=True), **ERRORS})
    def get(self, request):
        return Response(OfficeCategoryOutput(selectors.office_categories(), many=True).data)

    @extend_schema(
        request=OfficeCategoryInput, responses={201: OfficeCategoryOutput, **ERRORS},
        examples=[OpenApiExample("A sub-category", request_only=True,
                                 value={"parent": 1, "name": {"en": "Window cleaning", "zh-hans": "擦玻璃"}})],
    )
    def post(self, request):
        data = resolve_row(parse_input(OfficeCategoryInput, request.data), "parent", selectors.get_category_for,
                        request.staff_member)
        category = services.create_category(actor=request.user, values=data)
        return Response(OfficeCategoryOutput(category).data, status=status.HTTP_201_CREATED)


class OfficeCategoryDetailApi(APIView):
    """GET, PATCH or DELETE one category (DELETE only when it has no services or sub-categories)."""

    permission_classes = [CompanyManager]

    @extend_schema(responses={200: OfficeCategoryOutput, **ERRORS})
    def get(self, request, category_id):
        return Response(OfficeCategoryOutput(selectors.get_category_for(request.staff_member, category_id)).data)

    @extend_schema(request=OfficeCategoryInput, responses={200: OfficeCategoryOutput, **ERRORS},
                   examples=[OpenApiExample("Hide it", request_only=True, value={"is_active": False})])
    def patch(self, request, category_id):
        category = selectors.get_category_for(request.staff_member, category_id)
        data = resolve_row(parse_input(OfficeCategoryInput, request.data, partial=True), "parent",
                        selectors.get_category_for, request.staff_member)
        category = services.update_category(actor=request.user, category=category, changes=data)
        return Response(OfficeCategoryOutput(category).data)

    @extend_schema(responses={204: None, 409: ErrorOutput, **ERRORS})
    def delete(self, request, category_id):
        category = selectors.get_category_for(request.staff_member, category_id)
        services.delete_category(actor=request.user, category=category)
        return deleted()


# ---- variants, add-ons, cancellation tiers, photos (outputs nest in the service) -----------------

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


# ---- services ------------------------------------------------------------------------------------

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
    """GET every service with its variants, add-ons, cancellation policy and photos; POST a service
    (then give it variants: a service is priced by its variants)."""

    permission_classes = [CompanyManager]

    @extend_schema(parameters=[OpenApiParameter("category", int)],
                   responses={200: OfficeServiceOutput(many=True), **ERRORS})
    def get(self, request):
        query = parse_input(OfficeServiceListInput, request.query_params)
        return Response(OfficeServiceOutput(selectors.office_services(category_id=query.get("category")),
                                            many=True).data)

    @extend_schema(request=OfficeServiceInput, responses={201: OfficeServiceOutput, **ERRORS},
                   examples=[OpenApiExample("Sofa cleaning", request_only=True, value=SERVICE_EXAMPLE)])
    def post(self, request):
        data = resolve_row(parse_input(OfficeServiceInput, request.data), "category", selectors.get_category_for,
                        request.staff_member)
        service = services.create_service(actor=request.user, values=data)
        return Response(OfficeServiceOutput(selectors.get_service_for(request.staff_member, service.pk)).data,
                        status=status.HTTP_201_CREATED)


class OfficeServiceDetailApi(APIView):
    """GET, PATCH or DELETE one service (PATCH is_active false to withdraw it from the storefront)."""

    permission_classes = [CompanyManager]

    @extend_schema(responses={200: OfficeServiceOutput, **ERRORS})
    def get(self, request, service_id):
        return Response(OfficeServiceOutput(selectors.get_service_for(request.staff_member, service_id)).data)

    @extend_schema(request=OfficeServiceInput, responses={200: OfficeServiceOutput, **ERRORS},
                   examples=[OpenApiExample("Longer lead time", request_only=True, value={"min_lead_minutes": 240})])
    def patch(self, request, service_id):
        service = selectors.get_service_for(request.staff_member, service_id)
        data = resolve_row(parse_input(OfficeServiceInput, request.data, partial=True), "category",
                        selectors.get_category_for, request.staff_member)
        services.update_service(actor=request.user, service=service, changes=data)
        return Response(OfficeServiceOutput(selectors.get_service_for(request.staff_member, service.pk)).data)

    @extend_schema(responses={204: None, **ERRORS})
    def delete(self, request, service_id):
        services.delete_service(actor=request.user,
                                service=selectors.get_service_for(request.staff_member, service_id))
        return deleted()


class OfficeVariantListApi(APIView):
    """GET a service's variants; POST a variant with its price model."""

    permission_classes = [CompanyManager]

    @extend_schema(responses={200: OfficeVariantOutput(many=True), **ERRORS})
    def get(self, request, service_id):
        service = selectors.get_service_for(request.staff_member, service_id)
        return Response(OfficeVariantOutput(service.variants.all(), many=True).data)

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


class OfficeVariantDetailApi(APIView):
    """GET, PATCH or DELETE one variant (a service keeps at least one)."""

    permission_classes = [CompanyManager]

    @extend_schema(responses={200: OfficeVariantOutput, **ERRORS})
    def get(self, request, variant_id):
        return Response(OfficeVariantOutput(selectors.get_variant_for(request.staff_member, variant_id)).data)

    @extend_schema(request=OfficeVariantInput, responses={200: OfficeVariantOutput, **ERRORS},
                   examples=[OpenApiExample("New price", request_only=True, value={"unit_price": 5500})])
    def patch(self, request, variant_id):
        variant = selectors.get_variant_for(request.staff_member, variant_id)
        data = parse_input(OfficeVariantInput, request.data, partial=True)
        variant = services.update_variant(actor=request.user, variant=variant, changes=data)
        return Response(OfficeVariantOutput(variant).data)

    @extend_schema(responses={204: None, 409: ErrorOutput, **ERRORS})
    def delete(self, request, variant_id):
        services.delete_variant(actor=request.user,
                                variant=selectors.get_variant_for(request.staff_member, variant_id))
        return deleted()


class OfficeAddOnListApi(APIView):
    """GET a service's add-ons; POST an add-on (price per unit, and time and crew it adds per unit)."""

    permission_classes = [CompanyManager]

    @extend_schema(responses={200: OfficeAddOnOutput(many=True), **ERRORS})
    def get(self, request, service_id):
        service = selectors.get_service_for(request.staff_member, service_id)
        return Response(OfficeAddOnOutput(service.add_ons.all(), many=True).data)

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


class OfficeAddOnDetailApi(APIView):
    """GET, PATCH or DELETE one add-on."""

    permission_classes = [CompanyManager]

    @extend_schema(responses={200: OfficeAddOnOutput, **ERRORS})
    def get(self, request, add_on_id):
        return Response(OfficeAddOnOutput(selectors.get_add_on_for(request.staff_member, add_on_id)).data)

    @extend_schema(request=OfficeAddOnInput, responses={200: OfficeAddOnOutput, **ERRORS},
                   examples=[OpenApiExample("New price", request_only=True, value={"price": 3500})])
    def patch(self, request, add_on_id):
        add_on = selectors.get_add_on_for(request.staff_member, add_on_id)
        data = parse_input(OfficeAddOnInput, request.data, partial=True)
        return Response(OfficeAddOnOutput(services.update_add_on(actor=request.user, add_on=add_on,
                                                                 changes=data)).data)

    @extend_schema(responses={204: None, **ERRORS})
    def delete(self, request, add_on_id):
        services.delete_add_on(actor=request.user, add_on=selectors.get_add_on_for(request.staff_member, add_on_id))
        return deleted()


class OfficeCancellationPolicyInput(serializers.Serializer):
    tiers = OfficeCancellationTierInput(many=True, max_length=10)


class OfficeCancellationPolicyApi(APIView):
    """GET a service's cancellation tiers; PUT replaces them all at once (a policy is one rule)."""

    permission_classes = [CompanyManager]

    @extend_schema(responses={200: OfficeCancellationTierOutput(many=True), **ERRORS})
    def get(self, request, service_id):
        service = selectors.get_service_for(request.staff_member, service_id)
        return Response(OfficeCancellationTierOutput(service.cancellation_tiers.all(), many=True).data)

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
