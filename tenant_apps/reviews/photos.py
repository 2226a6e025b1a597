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
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from shared_apps.accounts.access import anyone
from shared_apps.core.errors import ValidationFailed
from shared_apps.core.signed_photos import on_company_host, photo_id_of, serve_photo, signed_photo_path
from tenant_apps.people.selectors import staff_member_of

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
    return signed_photo_path(salt=_SALT, url_name="review-photo", photo_id=photo.pk)


def absolute_photo_url(photo: ReviewPhoto) -> str:
    return on_company_host(photo_url(photo))


@anyone  # the signature is the permission; a hidden review's photos also need its author or the office
def review_photo(request: HttpRequest, token: str) -> HttpResponse:
    photo_id = photo_id_of(request, token, salt=_SALT)
    if isinstance(photo_id, HttpResponse):
        return photo_id
    photo = ReviewPhoto.objects.select_related("review").filter(pk=photo_id).first()
    if photo is None:
        raise Http404
    if photo.review.is_hidden:
        member = staff_member_of(request.user)
        is_author = getattr(request.user, "pk", None) == photo.review.author_id
        if not is_author and not (member is not None and member.is_office_staff):
            raise Http404
    return serve_photo(photo.image)
