"""OpenAPI schema and docs views bound to one URLconf each: drf-spectacular ignores
request.urlconf, so without this the platform host would describe the company API."""
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from shared_apps.core.permissions import Anyone


def docs_urls(urlconf: str, title: str) -> list:
    schema_view = SpectacularAPIView.as_view(
        urlconf=urlconf, permission_classes=[Anyone], custom_settings={"TITLE": title}
    )
    docs_view = SpectacularSwaggerView.as_view(url_name="api-schema", permission_classes=[Anyone])
    return [
        path("api/schema/", schema_view, name="api-schema"),
        path("api/docs/", docs_view, name="api-docs"),
    ]
