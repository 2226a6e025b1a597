"""Uploaded files from local disk when no S3 bucket is configured (development, single machine)."""
from django.conf import settings
from django.urls import re_path
from django.views.static import serve


def media_urls() -> list:
    if settings.AWS_STORAGE_BUCKET_NAME:
        return []
    prefix = settings.MEDIA_URL.lstrip("/")
    return [re_path(rf"^{prefix}(?P<path>tenants/.*)$", serve, {"document_root": settings.MEDIA_ROOT})]
