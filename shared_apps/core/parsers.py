"""Request bodies bounded before they are parsed: size (every body) and nesting depth (JSON).

json.loads recurses once per bracket: 2 KB of `[[[[...` raised RecursionError, a 500, on every JSON
endpoint. The depth is counted on the raw bytes first, so nothing deeper than API_MAX_JSON_DEPTH
ever reaches the decoder, the serializers or the error renderer.
"""
from __future__ import annotations

import codecs
import re

from django.conf import settings
from django.http import JsonResponse, QueryDict
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.parsers import FormParser, JSONParser, get_encoding
from rest_framework.utils import json

# A JSON string, escapes included: brackets inside strings do not nest anything.
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_A_BRACKET = re.compile(rb"[^\[\]{}]")


class BodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "body_too_large"
    default_detail = "The request body is too large."


class JsonTooDeep(exceptions.APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "json_too_deep"
    default_detail = "The JSON body is nested too deeply."


def json_depth(raw: bytes, *, stop_at: int) -> int:
    """The deepest nesting of `raw` (or `stop_at`, as soon as it is reached)."""
    brackets = _NOT_A_BRACKET.sub(b"", _JSON_STRING.sub(b'""', raw))
    depth = deepest = 0
    for byte in brackets:
        if byte in b"[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest >= stop_at:
                    return deepest
        else:
            depth -= 1
    return deepest


def read_bounded(stream, limit: int) -> bytes:
    raw = stream.read(limit + 1) if stream is not None else b""
    if len(raw) > limit:
        raise BodyTooLarge(_("The request body is larger than %(kb)d KB.") % {"kb": limit // 1024})
    return raw


class BoundedJSONParser(JSONParser):
    """DRF's JSONParser behind a size limit and a nesting limit (400 json_too_deep, 413 body_too_large)."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = read_bounded(stream, settings.API_MAX_JSON_BYTES)
        max_depth = settings.API_MAX_JSON_DEPTH
        if json_depth(raw, stop_at=max_depth + 1) > max_depth:
            raise JsonTooDeep(_("The JSON body is nested more than %(depth)d levels deep.") % {"depth": max_depth})
        encoding = get_encoding(parser_context or {})
        try:
            text = codecs.decode(raw, encoding)
            parse_constant = json.strict_constant if self.strict else None
            return json.loads(text, parse_constant=parse_constant)
        except RecursionError:  # cannot happen below the depth limit; never a 500 if it does
            raise JsonTooDeep() from None
        except ValueError as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from None


class BoundedFormParser(FormParser):
    """DRF's FormParser reads the whole body unbounded; Django's own limit applies here too."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = read_bounded(stream, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        return QueryDict(raw, encoding=get_encoding(parser_context or {}))


class BodySizeLimitMiddleware:
    """Refuse a body whose declared length is over the limit before anything reads it.

    Multipart bodies (uploads) may be larger: each file has its own, smaller, limit checked with a
    field error (shared_apps.core.uploads); this is the cap on the whole request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        multipart = request.META.get("CONTENT_TYPE", "").startswith("multipart/")
        limit = settings.UPLOAD_REQUEST_MAX_BYTES if multipart else max(
            settings.API_MAX_JSON_BYTES, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        if length > limit:
            message = _("The request body is larger than %(mb)d MB.") % {"mb": limit // (1024 * 1024)}
            return JsonResponse({"code": "body_too_large", "message": message, "fields": {}}, status=413)
        return self.get_response(request)
