"""Photos sent with a report: checked from their bytes (the form's ImageUploadField), re-encoded
without metadata (EXIF carries the phone's position and serial), stored under the company's prefix,
and served only through signed links that expire, on the company's own host — as completion photos
are (orders/photos.py)."""
from __future__ import annotations

import io
import mimetypes

from django.conf import settings
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.urls import reverse
from PIL import Image, ImageOps

from shared_apps.accounts.access import anyone
from tenants.models import site_url

from .models import CasePhoto

_SALT = "doorstep.case-photo"
SAVE_AS = {"JPEG": ("JPEG", ".jpg"), "PNG": ("PNG", ".png"), "WEBP": ("WEBP", ".webp")}


def without_metadata(upload) -> SimpleUploadedFile:
    """The image's pixels only: turned upright by its EXIF orientation, then saved afresh, so no EXIF,
    XMP or comment survives. The format stays the one its bytes were checked as."""
    upload.seek(0)
    with Image.open(upload) as image:
        fmt = image.format if image.format in SAVE_AS else "JPEG"
        upright = ImageOps.exif_transpose(image)
        if fmt == "JPEG" and upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        out = io.BytesIO()
        kind, suffix = SAVE_AS[fmt]
        upright.save(out, format=kind, **({"quality": 90} if kind == "JPEG" else {}))
    return SimpleUploadedFile(f"photo{suffix}", out.getvalue(), content_type=mimetypes.guess_type(f"x{suffix}")[0])


def case_photo_url(photo: CasePhoto) -> str:
    company = connection.tenant
    token = signing.TimestampSigner(salt=_SALT).sign_object({"c": company.pk, "p": photo.pk})
    path = reverse("case-photo", args=[token], urlconf="config.urls_tenant")
    return site_url(f"{company.slug}.{settings.PLATFORM_DOMAIN}") + path


@anyone  # the signature is the permission: made only for the case's people, and it expires
def case_photo(request: HttpRequest, token: str) -> HttpResponse:
    try:
        claim = signing.TimestampSigner(salt=_SALT).unsign_object(token, max_age=settings.ORDER_PHOTO_URL_SECONDS)
    except signing.SignatureExpired:
        return HttpResponseForbidden("This link has expired.")
    except signing.BadSignature:
        return HttpResponseForbidden("This link is not valid.")
    if not isinstance(claim, dict) or claim.get("c") != getattr(request.tenant, "pk", None):
        raise Http404
    photo = CasePhoto.objects.filter(pk=claim.get("p")).first()
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
