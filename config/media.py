"""Uploaded files from local disk when no S3 bucket is configured (development, single machine)."""
import re

from django.conf import settings
from django.http import Http404
from django.urls import re_path
from django.views.static import serve

# Completion photos (tenants/<company id>/orders/...) and after-sales photos (.../aftersales/) are
# private: only tenant_apps.orders.photos and tenant_apps.aftersales.photos
# serves them, through signed links. Logos and catalog photos stay public.
PRIVATE_FOLDER = re.compile(r"^tenants/[^/]+/(orders|aftersales)/")


def serve_media(request, path: str):
    if PRIVATE_FOLDER.match(path) or ".." in path:
        raise Http404
    # MEDIA_ROOT is read per request, not frozen when the URLconf is imported.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def media_urls() -> list:
    if settings.AWS_STORAGE_BUCKET_NAME:
        return []
    prefix = settings.MEDIA_URL.lstrip("/")
    return [re_path(rf"^{prefix}(?P<path>tenants/.*)$", serve_media)]
