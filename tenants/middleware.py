"""Pick the company (schema) from the request's host, with a cached lookup and clear error pages."""
from django.db import connection
from django.shortcuts import render
from django_tenants.middleware.main import TenantMainMiddleware

from . import hosts


class CompanyHostMiddleware(TenantMainMiddleware):
    def get_tenant(self, domain_model, hostname):
        company = hosts.company_for_host(hostname)
        if company is None:
            raise domain_model.DoesNotExist
        return company

    def no_tenant_found(self, request, hostname):
        return render(request, "errors/unknown_host.html", {"host": hostname}, status=404)

    def process_request(self, request):
        response = super().process_request(request)
        if response is not None:
            return response
        company = request.tenant
        if company.is_suspended:
            connection.set_schema_to_public()
            return render(request, "errors/suspended.html", {"company_name": company.name}, status=503)
        _tag_error_reports(company)
        return None


def _tag_error_reports(company) -> None:
    try:
        import sentry_sdk
    except ImportError:  # pragma: no cover - sentry-sdk is a dependency
        return
    sentry_sdk.set_tag("tenant", company.schema_name)
