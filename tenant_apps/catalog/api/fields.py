"""Serializer fields for catalog text (one text per language). Ids, amounts and date-times: core.fields."""
from __future__ import annotations

from django.db import connection
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..translations import LANGUAGE_CODES, pick


class TranslatedTextField(serializers.DictField):
    """Input: {"en": "...", "zh-hans": "..."}. `required_text`: at least one language filled in."""

    def __init__(self, *, max_length: int = 120, required_text: bool = False, **kwargs) -> None:
        self.required_text = required_text
        super().__init__(child=serializers.CharField(allow_blank=True, max_length=max_length), **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        _check_languages(value)
        if self.required_text and not any(value.values()):
            raise serializers.ValidationError(_("Fill in at least one language."))
        return value


class TranslatedLinesField(serializers.DictField):
    """Input: {"en": ["line", ...], "zh-hans": [...]}: a list of lines per language."""

    def __init__(self, **kwargs) -> None:
        line = serializers.CharField(max_length=300)
        super().__init__(child=serializers.ListField(child=line, max_length=50), **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        _check_languages(value)
        return value


def _check_languages(value: dict) -> None:
    unknown = sorted(set(value) - set(LANGUAGE_CODES))
    if unknown:
        raise serializers.ValidationError(
            _("Unknown language %(codes)s; use %(known)s.")
            % {"codes": ", ".join(unknown), "known": ", ".join(LANGUAGE_CODES)}
        )


@extend_schema_field(OpenApiTypes.STR)
class LocalizedTextField(serializers.Field):
    """Output: the text in the request's language (else the company's default, else any)."""

    def __init__(self, **kwargs) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return pick(value, fallback=getattr(connection.tenant, "default_language", None))


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class LocalizedLinesField(LocalizedTextField):
    """Output: the lines in the request's language."""

    def to_representation(self, value):
        lines = super().to_representation(value)
        return lines if isinstance(lines, list) else []
