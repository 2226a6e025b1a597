"""Uploaded images: a size limit and a content check from the bytes, for every upload.

An oversized file is not stored: SizeCappedUploadHandler stops keeping its bytes once it passes
the limit and hands the form an empty stand-in that remembers the real size, so the form says
"too large" on the field instead of Django buffering 50 MB to disk first. What is kept is opened
with Pillow (Django's ImageField verifies it) and must be one of the formats pages can show.
"""
from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

IMAGE_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP"}


class OversizedUpload(SimpleUploadedFile):
    """What is left of a file over the limit: its name and real size, none of its bytes."""

    def __init__(self, name: str, size: int, content_type: str | None) -> None:
        super().__init__(name, b"", content_type)
        self.size = size


class SizeCappedUploadHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: passes chunks on until a file passes the limit, then swallows
    the rest and completes the file as an OversizedUpload."""

    def new_file(self, field_name, file_name, content_type, content_length, charset=None, content_type_extra=None):
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        self.received = 0
        self.oversized = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_IMAGE_BYTES:
            self.oversized = True
        return None if self.oversized else raw_data

    def file_complete(self, file_size):
        if self.oversized:
            return OversizedUpload(self.file_name, self.received, self.content_type)
        return None


def _limit_mb() -> int:
    return settings.UPLOAD_MAX_IMAGE_BYTES // (1024 * 1024)


def check_image_size(upload) -> None:
    if upload is not None and getattr(upload, "size", 0) > settings.UPLOAD_MAX_IMAGE_BYTES:
        raise ValidationError(_("This file is larger than %(mb)d MB.") % {"mb": _limit_mb()}, code="too_large")


def check_image_format(upload) -> None:
    """After Django's ImageField has opened the file with Pillow (upload.image is set then)."""
    image = getattr(upload, "image", None)
    if image is not None and image.format not in IMAGE_FORMATS:
        raise ValidationError(_("Upload a JPEG, PNG or WebP image."), code="invalid_format")


class ImageUploadField(forms.ImageField):
    """A page form's image: size first (an oversized file has no bytes to check), then Pillow's
    verdict on the bytes, then the format."""

    def to_python(self, data):
        check_image_size(data)
        upload = super().to_python(data)
        check_image_format(upload)
        return upload


class ImageUploadSerializerField(serializers.ImageField):
    """The API's image field, with the same checks and messages as ImageUploadField."""

    def to_internal_value(self, data):
        try:
            check_image_size(data)
            upload = super().to_internal_value(data)
            check_image_format(upload)
        except ValidationError as error:
            raise serializers.ValidationError(list(error.messages)) from None
        return upload


# -- documents (credentials): an image or a PDF, told from the bytes, images re-encoded -------------

PDF_MAGIC = b"%PDF-"


def clean_document(upload) -> tuple[bytes, str, str]:
    """(bytes to store, content type, file suffix) of an uploaded document, or a ValidationError.

    The type comes from the bytes, never from the name or the browser's Content-Type. An image is
    decoded and encoded again by Pillow (EXIF and anything else riding along is dropped, the
    orientation applied first); a PDF is kept as it is but must start like one.
    """
    import io

    from PIL import Image, ImageOps, UnidentifiedImageError

    if upload is None:
        raise ValidationError(_("Choose a file."), code="required")
    check_image_size(upload)
    upload.seek(0)
    data = upload.read()
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    if data.startswith(PDF_MAGIC):
        return data, "application/pdf", ".pdf"
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            if kind not in IMAGE_FORMATS:
                raise ValidationError(_("Upload a JPEG, PNG or WebP image, or a PDF."), code="invalid_format")
            image = ImageOps.exif_transpose(image)
            if kind == "JPEG" and image.mode not in ("RGB", "L"):
                image = image.convert("RGB")
            out = io.BytesIO()
            image.save(out, format=kind, **({"quality": 90} if kind in ("JPEG", "WEBP") else {}))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("Upload a JPEG, PNG or WebP image, or a PDF."), code="invalid_format") from None
    suffix = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}[kind]
    return out.getvalue(), Image.MIME[kind], suffix
