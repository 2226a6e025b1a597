"""Pick the company (schema) from the request's host, with a cached lookup and clear error pages;
CSRF origins checked against that company's own hosts."""
from urllib.parse import urlsplit

from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django_tenants.middleware.main import TenantMainMiddleware

from . import hosts


class CompanyHostMiddleware(TenantMainMiddleware):
    def get_tenant(self, domain_model, hostname):
        company = hosts.company_for_host(hostname)
        if company is None:
            raise domain_model.DoesNotExist
        return company

    def no_tenant_found(self, request, hostname):
        if _is_api(request):
            return _api_error("unknown_host", _("There is no Doorstep site at %(host)s.") % {"host": hostname}, 404)
        return render(request, "errors/unknown_host.html", {"host": hostname}, status=404)

    def process_request(self, request):
        # The error pages below are drawn before the language middleware runs: in the visitor's
        # language, never in whatever the previous request on this thread left active.
        translation.activate(translation.get_language_from_request(request))
        response = super().process_request(request)
        if response is not None:
            return response
        company = request.tenant
        if company.is_suspended:
            connection.set_schema_to_public()
            if _is_api(request):
                message = _("%(name)s's site is temporarily unavailable. Please try again later.") % {
                    "name": company.name}
                return _api_error("company_suspended", message, 503)
            return render(request, "errors/suspended.html", {"company_name": company.name}, status=503)
        _tag_error_reports(company)
        return None


class CompanyCsrfViewMiddleware(CsrfViewMiddleware):
    """Django's CSRF check, where a form may also come from another host of the same company.

    No wildcard in CSRF_TRUSTED_ORIGINS: `*.localhost` would let every company's pages post to every
    other company. A request's own origin is always good (Django's check); besides that, only the
    custom domains and subdomain of the company the request is for (same scheme and port).
    """

    def _origin_verified(self, request):
        if super()._origin_verified(request):
            return True
        company = getattr(request, "tenant", None)
        if company is None:
            return False
        try:
            origin = urlsplit(request.META["HTTP_ORIGIN"])
            origin_port = origin.port
        except ValueError:
            return False
        scheme = "https" if request.is_secure() else "http"
        if origin.scheme != scheme or not origin.hostname:
            return False
        # The port the browser addressed (the Host header), not the one gunicorn listens on.
        default_port = 443 if scheme == "https" else 80
        try:
            request_port = urlsplit(f"//{request.get_host()}").port or default_port
        except (ValueError, DisallowedHost):
            return False
        if (origin_port or default_port) != request_port:
            return False
        other = hosts.company_for_host(origin.hostname)
        return other is not None and other.pk == company.pk


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def _api_error(code: str, message: str, status: int) -> JsonResponse:
    """The API's one error shape, for answers given before any view runs."""
    return JsonResponse({"code": code, "message": message, "fields": {}}, status=status)


def _tag_error_reports(company) -> None:
    try:
        import sentry_sdk
    except ImportError:  # pragma: no cover - sentry-sdk is a dependency
        return
    sentry_sdk.set_tag("tenant", company.schema_name)
