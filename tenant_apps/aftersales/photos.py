"""Photos sent with a report: checked from their bytes (the form's ImageUploadField), re-encoded
without metadata (EXIF carries the phone's position and serial), stored under the company's prefix,
and served only through signed links that expire, on the company's own host — as completion photos
are (orders/photos.py)."""
from __future__ import annotations

import io
import mimetypes

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from PIL import Image, ImageOps

from shared_apps.accounts.access import anyone
from shared_apps.core.signed_photos import on_company_host, photo_id_of, serve_photo, signed_photo_path

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
    return on_company_host(signed_photo_path(salt=_SALT, url_name="case-photo", photo_id=photo.pk))


@anyone  # the signature is the permission: made only for the case's people, and it expires
def case_photo(request: HttpRequest, token: str) -> HttpResponse:
    photo_id = photo_id_of(request, token, salt=_SALT)
    if isinstance(photo_id, HttpResponse):
        return photo_id
    photo = CasePhoto.objects.filter(pk=photo_id).first()
    if photo is None:
        raise Http404
    return serve_photo(photo.image)
