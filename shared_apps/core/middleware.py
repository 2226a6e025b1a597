"""Health checks, language choice and page rendering of domain errors."""
import json

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

from .errors import DomainError
from .outages import is_outage, unavailable_response


class HealthzMiddleware:
    """/healthz answers on any host (before the tenant lookup): database and Redis."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != "/healthz":
            return self.get_response(request)
        checks = {"database": _check_database(), "redis": _check_redis()}
        healthy = all(v == "ok" for v in checks.values())
        body = json.dumps({"status": "ok" if healthy else "unhealthy", "checks": checks})
        return HttpResponse(body, status=200 if healthy else 503, content_type="application/json")


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as exc:  # noqa: BLE001 - any failure is "unhealthy"
        return f"error: {exc.__class__.__name__}"


def _check_redis() -> str:
    try:
        from django_redis import get_redis_connection

        get_redis_connection("platform").ping()
        return "ok"
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc.__class__.__name__}"


class CompanyLanguageMiddleware:
    """Language: the visitor's explicit choice (cookie), then Accept-Language, then the company's
    default, then the platform's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = self._choose(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        # Added to whatever Vary the view set (DRF sets "Accept"), so caches keep languages apart.
        patch_vary_headers(response, ("Accept-Language", "Cookie"))
        return response

    def _choose(self, request) -> str:
        supported = dict(settings.LANGUAGES)
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if cookie in supported:
            return cookie
        for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
            if code == "*":
                break
            try:
                return translation.get_supported_language_variant(code)
            except LookupError:
                continue
        company = getattr(request, "tenant", None)
        if company is not None and getattr(company, "default_language", None) in supported:
            return company.default_language
        return settings.LANGUAGE_CODE


class DomainErrorMiddleware:
    """A DomainError escaping a page view becomes an error page with its message, not a 500; a
    database or Redis outage becomes the 503 page (also under DEBUG, where handler500 is not used)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DomainError):
            return render(request, "errors/domain_error.html", {"error": exception}, status=exception.status)
        if is_outage(exception):
            return unavailable_response(request, exception)
        return None
