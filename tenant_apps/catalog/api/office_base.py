"""What the back-office catalog endpoints share (owners and admins only): the error responses,
translated text in outputs, ids in inputs resolved to rows, the answer to a delete, and the list and
detail endpoints that every kind of row has alike."""
from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import ClassVar

from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput, parse_input
from shared_apps.core.errors import NotFound, ValidationFailed
from tenant_apps.people.permissions import CompanyManager

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


class _NamesFunctions(APIView):
    """The selectors and services a subclass names are plain functions, never bound to the view."""

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        for name, value in list(vars(cls).items()):
            if inspect.isfunction(value) and name in ("rows", "create", "fetch", "update", "remove"):
                setattr(cls, name, staticmethod(value))


class OfficeRowListApi(_NamesFunctions):
    """GET every row of one kind; POST one. The same for each kind of row the office edits on its own
    (categories, surcharges, zones, holidays): list through its selector, create through its service,
    answer with its output. A subclass names those; its schema (examples) is declared on it with
    extend_schema_view."""

    permission_classes = [CompanyManager]
    input_class: ClassVar[type[serializers.Serializer]]
    output_class: ClassVar[type[serializers.Serializer]]
    rows: ClassVar[Callable]  # selectors.office_<rows>()
    create: ClassVar[Callable]  # services.create_<row>(actor=, values=)
    linked: ClassVar[tuple[str, Callable] | None] = None  # an input id naming another row: ("parent", get_..._for)

    def get(self, request):
        return Response(self.output_class(self.rows(), many=True).data)

    def post(self, request):
        data = linked_rows(self, parse_input(self.input_class, request.data), request)
        row = self.create(actor=request.user, values=data)
        return Response(self.output_class(row).data, status=status.HTTP_201_CREATED)


class OfficeRowDetailApi(_NamesFunctions):
    """GET, PATCH or DELETE one row, the same for every kind of row: fetch it through its access
    selector (missing and another company's look the same), change or delete it through its service,
    answer with its output. A subclass names those and the services' keyword for the row; its schema
    (examples, extra error codes) is declared on it with extend_schema_view."""

    permission_classes = [CompanyManager]
    input_class: ClassVar[type[serializers.Serializer]]
    output_class: ClassVar[type[serializers.Serializer]]
    row_name: ClassVar[str]  # the services' keyword for the row: update_variant(variant=...)
    fetch: ClassVar[Callable]  # selectors.get_<row>_for(member, id)
    update: ClassVar[Callable]  # services.update_<row>(actor=, <row_name>=, changes=)
    remove: ClassVar[Callable]  # services.delete_<row>(actor=, <row_name>=)
    linked: ClassVar[tuple[str, Callable] | None] = None

    def get(self, request, **path):
        return Response(self.output_class(self.row(request, path)).data)

    def patch(self, request, **path):
        row = self.row(request, path)
        data = linked_rows(self, parse_input(self.input_class, request.data, partial=True), request)
        row = self.update(actor=request.user, changes=data, **{self.row_name: row})
        return Response(self.output_class(self.shown(request, row)).data)

    def delete(self, request, **path):
        self.remove(actor=request.user, **{self.row_name: self.row(request, path)})
        return deleted()

    def row(self, request, path: dict):
        (row_id,) = path.values()
        return self.fetch(request.staff_member, row_id)

    def shown(self, request, row):
        """The row as the answer shows it (a subclass may read it again with what its output nests)."""
        return row


def linked_rows(view, data: dict, request) -> dict:
    if view.linked is None:
        return data
    key, getter = view.linked
    return resolve_row(data, key, getter, request.staff_member)
