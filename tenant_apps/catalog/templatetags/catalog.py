"""Template filters for catalog pages: company-written text in the visitor's language, amounts in
minor units, durations and units."""
from __future__ import annotations

from django import template
from django.db import connection

from .. import wording
from ..translations import pick

register = template.Library()


@register.filter
def tr(texts) -> str:
    """A translated text field ({"en": ..., "zh-hans": ...}) in the active language, else the company's."""
    value = pick(texts, fallback=getattr(connection.tenant, "default_language", None))
    return value if isinstance(value, str) else ""


@register.filter
def tr_lines(texts) -> list[str]:
    """A translated list of lines in the active language."""
    value = pick(texts, fallback=getattr(connection.tenant, "default_language", None))
    return value if isinstance(value, list) else []


@register.filter
def money(amount, currency: str = "CNY") -> str:
    """Minor units (fen) as ¥12.50; empty for no amount."""
    if amount is None or amount == "":
        return ""
    return wording.money(int(amount), currency)


@register.filter
def minutes(value) -> str:
    """A number of minutes as "1 h 30 min"."""
    if value is None or value == "":
        return ""
    return wording.duration(int(value))


@register.filter
def unit_label(unit: str) -> str:
    return wording.unit_label(unit)
