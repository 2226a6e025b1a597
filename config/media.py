"""Uploaded files from local disk when no S3 bucket is configured (development, single machine)."""
from django.conf import settings
from django.urls import re_path
from django.views.static import serve


def serve_media(request, path: str):
    # MEDIA_ROOT is read per request, not frozen when the URLconf is imported.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def media_urls() -> list:
    if settings.AWS_STORAGE_BUCKET_NAME:
        return []
    prefix = settings.MEDIA_URL.lstrip("/")
    return [re_path(rf"^{prefix}(?P<path>tenants/.*)$", serve_media)]
