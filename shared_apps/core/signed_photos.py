"""Private photos of a company (completion photos, review photos, after-sales photos) are served only
through signed links that expire (ORDER_PHOTO_URL_SECONDS) on the company's own host, never from the
public media URL. A link names the company and the photo; each kind signs with its own salt."""
from __future__ import annotations

import mimetypes

from django.conf import settings
from django.core import signing
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.urls import reverse

from tenants.models import site_url


def signed_photo_path(*, salt: str, url_name: str, photo_id: int) -> str:
    """The path of a signed link to photo `photo_id` of the current company (view `url_name`)."""
    token = signing.TimestampSigner(salt=salt).sign_object({"c": connection.tenant.pk, "p": photo_id})
    return reverse(url_name, args=[token], urlconf="config.urls_tenant")


def on_company_host(path: str) -> str:
    """`path` as an absolute URL on the current company's host (the worker app lives elsewhere)."""
    return site_url(f"{connection.tenant.slug}.{settings.PLATFORM_DOMAIN}") + path


def photo_id_of(request: HttpRequest, token: str, *, salt: str) -> int | HttpResponse:
    """The photo id a link names, or the 403 to answer (expired, forged); 404 for another company's."""
    try:
        claim = signing.TimestampSigner(salt=salt).unsign_object(token, max_age=settings.ORDER_PHOTO_URL_SECONDS)
    except signing.SignatureExpired:
        return HttpResponseForbidden("This link has expired.")
    except signing.BadSignature:
        return HttpResponseForbidden("This link is not valid.")
    if not isinstance(claim, dict) or claim.get("c") != getattr(request.tenant, "pk", None):
        raise Http404
    if not isinstance(claim.get("p"), int):
        raise Http404
    return claim["p"]


def serve_photo(image) -> FileResponse:
    """The stored image (a FieldFile) as a private, short-cached response; 404 when it is gone."""
    if not image:
        raise Http404
    try:
        handle = image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=mimetypes.guess_type(image.name)[0] or "application/octet-stream")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response
