"""Back-office categories: the tree of services."""
from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers

from shared_apps.core.api import ErrorOutput
from shared_apps.core.fields import id_field

from .. import selectors, services
from .fields import TranslatedTextField
from .office_base import ERRORS, OfficeRowDetailApi, OfficeRowListApi, text_output


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


@extend_schema_view(
    get=extend_schema(responses={200: OfficeCategoryOutput(many=True), **ERRORS}),
    post=extend_schema(
        request=OfficeCategoryInput, responses={201: OfficeCategoryOutput, **ERRORS},
        examples=[OpenApiExample("A sub-category", request_only=True,
                                 value={"parent": 1, "name": {"en": "Window cleaning", "zh-hans": "擦玻璃"}})],
    ),
)
class OfficeCategoryListApi(OfficeRowListApi):
    """GET every category (active or not); POST a category (parent empty: top level)."""

    input_class, output_class = OfficeCategoryInput, OfficeCategoryOutput
    rows, create = selectors.office_categories, services.create_category
    linked = ("parent", selectors.get_category_for)


@extend_schema_view(
    get=extend_schema(responses={200: OfficeCategoryOutput, **ERRORS}),
    patch=extend_schema(request=OfficeCategoryInput, responses={200: OfficeCategoryOutput, **ERRORS},
                        examples=[OpenApiExample("Hide it", request_only=True, value={"is_active": False})]),
    delete=extend_schema(responses={204: None, 409: ErrorOutput, **ERRORS}),
)
class OfficeCategoryDetailApi(OfficeRowDetailApi):
    """GET, PATCH or DELETE one category (DELETE only when it has no services or sub-categories)."""

    input_class, output_class, row_name = OfficeCategoryInput, OfficeCategoryOutput, "category"
    fetch, update, remove = selectors.get_category_for, services.update_category, services.delete_category
    linked = ("parent", selectors.get_category_for)
