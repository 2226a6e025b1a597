"""What the back-office catalog endpoints share (owners and admins only): the error responses,
translated text in outputs, ids in inputs resolved to rows, the answer to a delete."""
from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.response import Response

from shared_apps.core.api import ErrorOutput
from shared_apps.core.errors import NotFound, ValidationFailed

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
