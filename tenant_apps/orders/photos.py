"""Completion photos are private to the order's people: they see them through signed links that
expire (ORDER_PHOTO_URL_SECONDS), served by order_photo below, never from the public media URL.

The link is made only for someone who may see the order (customer, its worker, the office) and
names the company and the photo; it works on that company's host only.
"""
from __future__ import annotations

import mimetypes

from django.conf import settings
from django.core import signing
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.urls import reverse

from shared_apps.accounts.access import anyone
from tenants.models import site_url

from .models import Order, OrderPhoto

_SALT = "doorstep.order-photo"


def photo_url(photo: OrderPhoto) -> str:
    """An absolute, signed, expiring link on the company's own host (the worker app is elsewhere)."""
    company = connection.tenant
    token = signing.TimestampSigner(salt=_SALT).sign_object({"c": company.pk, "p": photo.pk})
    path = reverse("order-photo", args=[token], urlconf="config.urls_tenant")
    return site_url(f"{company.slug}.{settings.PLATFORM_DOMAIN}") + path


def photo_urls(order: Order) -> list[str]:
    return [photo_url(photo) for photo in order.photos.all()]


@anyone  # the signature is the permission: made only for the order's people, and it expires
def order_photo(request: HttpRequest, token: str) -> HttpResponse:
    signer = signing.TimestampSigner(salt=_SALT)
    try:
        claim = signer.unsign_object(token, max_age=settings.ORDER_PHOTO_URL_SECONDS)
    except signing.SignatureExpired:
        return HttpResponseForbidden("This link has expired.")
    except signing.BadSignature:
        return HttpResponseForbidden("This link is not valid.")
    if not isinstance(claim, dict) or claim.get("c") != getattr(request.tenant, "pk", None):
        raise Http404
    photo = OrderPhoto.objects.filter(pk=claim.get("p")).first()
    if photo is None or not photo.image:
        raise Http404
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    content_type = mimetypes.guess_type(photo.image.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response
