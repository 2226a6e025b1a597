"""Translatable catalog text: a JSON object of language code -> text, stored in the row itself.

See docs/decisions.md ("Translatable catalog text"). Product strings use gettext; company-written
text (names, descriptions) uses these objects, because each company writes its own.
"""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _name in settings.LANGUAGES)


def text(en: str, zh: str) -> dict[str, str]:
    """Both languages at once (starter catalogs, tests)."""
    return {"en": en, "zh-hans": zh}


def pick(texts: Any, language: str | None = None, fallback: str | None = None) -> Any:
    """The text in `language` (default: the active one), else `fallback`, else English, else any.

    Works for text (str values) and for lists of lines (list values); returns "" / [] when empty.
    """
    if not isinstance(texts, dict) or not texts:
        return texts if isinstance(texts, str | list) else ""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    for code in (language, fallback, settings.LANGUAGE_CODE, *LANGUAGE_CODES):
        value = texts.get(code) if code else None
        if value:
            return value
    sample = next(iter(texts.values()))
    return [] if isinstance(sample, list) else ""


@deconstructible
class TranslatedText:
    """Validator: {language code: text}, known codes only, each text at most `max_length`;
    `required` means at least one language is filled in. `lines` stores a list of lines per language."""

    def __init__(self, max_length: int = 200, required: bool = False, lines: bool = False) -> None:
        self.max_length = max_length
        self.required = required
        self.lines = lines

    def __call__(self, value: Any) -> None:
        if not isinstance(value, dict):
            raise ValidationError(_("Give an object of language code to text, such as {\"en\": \"...\"}."))
        unknown = sorted(set(value) - set(LANGUAGE_CODES))
        if unknown:
            raise ValidationError(
                _("Unknown language %(codes)s; use %(known)s.")
                % {"codes": ", ".join(unknown), "known": ", ".join(LANGUAGE_CODES)}
            )
        for item in value.values():
            parts = item if self.lines and isinstance(item, list) else [item]
            if self.lines and not isinstance(item, list):
                raise ValidationError(_("Give a list of lines for each language."))
            for part in parts:
                if not isinstance(part, str):
                    raise ValidationError(_("Text must be a string."))
                if len(part) > self.max_length:
                    raise ValidationError(_("Use at most %(n)d characters.") % {"n": self.max_length})
        if self.required and not any(value.values()):
            raise ValidationError(_("Fill in at least one language."))

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, TranslatedText)
            and (self.max_length, self.required, self.lines) == (other.max_length, other.required, other.lines)
        )
