"""Back-office categories: the tree of services."""
from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput, parse_input
from shared_apps.core.fields import id_field
from tenant_apps.people.permissions import CompanyManager

from .. import selectors, services
from .fields import TranslatedTextField
from .office_base import ERRORS, deleted, resolve_row, text_output


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
