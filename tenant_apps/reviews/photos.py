"""Review photos: cleaned before they are stored, served through signed links.

Cleaning: the type comes from the bytes (Pillow opens them; JPEG, PNG or WebP only), the size is
limited (UPLOAD_MAX_IMAGE_BYTES, and a pixel cap against decompression bombs), and the image is
re-encoded from its pixels, so EXIF (the phone's GPS position, its serial) and any other metadata or
trailing bytes are left behind; the EXIF orientation is applied first so the photo stays upright.

Serving: a link is signed for the company and the photo and expires (ORDER_PHOTO_URL_SECONDS). A
visible review's photos are public on the service page; a hidden review's are served only to its
author and the company's office staff.
"""
from __future__ import annotations

import io
import mimetypes
import uuid

from django.conf import settings
from django.core import signing
from django.core.files.base import ContentFile
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.urls import reverse
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from shared_apps.accounts.access import anyone
from shared_apps.core.errors import ValidationFailed
from tenant_apps.people.selectors import staff_member_of
from tenants.models import site_url

from .models import ReviewPhoto

MAX_PHOTOS = 6
MAX_PIXELS = 40_000_000
FORMATS = {"JPEG": ("JPEG", ".jpg"), "PNG": ("PNG", ".png"), "WEBP": ("WEBP", ".webp")}
_SALT = "doorstep.review-photo"


def clean_photo(upload, *, field: str = "photos") -> ContentFile:
    """The upload re-encoded without its metadata, or ValidationFailed on `field`."""
    size = getattr(upload, "size", 0) or 0
    if size > settings.UPLOAD_MAX_IMAGE_BYTES:
        raise ValidationFailed({field: [_("This file is larger than %(mb)d MB.")
                                        % {"mb": settings.UPLOAD_MAX_IMAGE_BYTES // (1024 * 1024)}]})
    upload.seek(0)
    data = upload.read()
    try:
        probe = Image.open(io.BytesIO(data))
        kind = probe.format
        probe.verify()  # truncated or corrupt files fail here
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise ValidationFailed({field: [_("This image is too large.")]})
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationFailed({field: [_("Upload a JPEG, PNG or WebP image.")]}) from None
    if kind not in FORMATS:
        raise ValidationFailed({field: [_("Upload a JPEG, PNG or WebP image.")]})
    image = ImageOps.exif_transpose(image)
    target, suffix = FORMATS[kind]
    if target == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA")
    clean = Image.new(image.mode, image.size)  # pixels only: no info dict, no EXIF, no text chunks
    clean.paste(image)
    out = io.BytesIO()
    clean.save(out, target, **({"quality": 88} if target in ("JPEG", "WEBP") else {}))
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}{suffix}")


def photo_url(photo: ReviewPhoto) -> str:
    company = connection.tenant
    token = signing.TimestampSigner(salt=_SALT).sign_object({"c": company.pk, "p": photo.pk})
    return reverse("review-photo", args=[token], urlconf="config.urls_tenant")


def absolute_photo_url(photo: ReviewPhoto) -> str:
    company = connection.tenant
    return site_url(f"{company.slug}.{settings.PLATFORM_DOMAIN}") + photo_url(photo)


@anyone  # the signature is the permission; a hidden review's photos also need its author or the office
def review_photo(request: HttpRequest, token: str) -> HttpResponse:
    signer = signing.TimestampSigner(salt=_SALT)
    try:
        claim = signer.unsign_object(token, max_age=settings.ORDER_PHOTO_URL_SECONDS)
    except signing.SignatureExpired:
        return HttpResponseForbidden("This link has expired.")
    except signing.BadSignature:
        return HttpResponseForbidden("This link is not valid.")
    if not isinstance(claim, dict) or claim.get("c") != getattr(request.tenant, "pk", None):
        raise Http404
    photo = ReviewPhoto.objects.select_related("review").filter(pk=claim.get("p")).first()
    if photo is None or not photo.image:
        raise Http404
    if photo.review.is_hidden:
        member = staff_member_of(request.user)
        is_author = getattr(request.user, "pk", None) == photo.review.author_id
        if not is_author and not (member is not None and member.is_office_staff):
            raise Http404
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=mimetypes.guess_type(photo.image.name)[0] or "image/jpeg")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response
