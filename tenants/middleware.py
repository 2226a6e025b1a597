"""Pick the company (schema) from the request's host, with a cached lookup and clear error pages."""
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
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
