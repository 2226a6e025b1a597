"""The API's one error shape: {code, message, fields}."""
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError
from .outages import RETRY_AFTER_SECONDS


class ErrorOutput(serializers.Serializer):
    """The error body, for the API schema (what exception_handler answers)."""

    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}{key}" if key != "non_field_errors" else (prefix.rstrip(".") or "non_field_errors")
            fields.update(_flatten(value, f"{name}."))
            if isinstance(value, list) and all(not isinstance(v, dict | list) for v in value):
                fields[name] = [str(v) for v in value]
    elif isinstance(detail, list):
        for index, item in enumerate(detail):
            if isinstance(item, dict | list):
                fields.update(_flatten(item, f"{prefix}{index}."))
    return fields


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        response = Response(exc.as_dict(), status=exc.status)
        if exc.status == status.HTTP_503_SERVICE_UNAVAILABLE:  # e.g. rate limits while Redis is down
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail) if isinstance(exc.detail, dict | list) else {}
        return Response(
            {"code": "invalid", "message": "Please correct the errors below.", "fields": fields},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is not None:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = {"code": code, "message": str(detail), "fields": {}}
    return response


def parse_input(serializer_class, data, **kwargs) -> dict:
    """Validate request data with an input serializer; field errors become a 400 {code, fields}."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


def parse_id(value) -> int | None:
    """A path id as an int, or None for anything else (fuzzers send 'null,null')."""
    try:
        number = int(str(value))
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**63 else None
