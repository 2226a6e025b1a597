"""Helpers of the credential tests: real image bytes and a submitted credential."""
from __future__ import annotations

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

VALID_ID = "11010519491231002X"
BAD_CHECKSUM_ID = "110105194912310021"
BAD_DATE_ID = "110105194902300020"  # 30 February 1949, with a correct check digit


def jpeg_bytes(*, exif_make: str | None = None, size=(40, 30)) -> bytes:
    from PIL import Image

    image = Image.new("RGB", size, (200, 40, 40))
    out = io.BytesIO()
    kwargs = {}
    if exif_make:
        exif = Image.Exif()
        exif[0x010F] = exif_make  # Make
        kwargs["exif"] = exif.tobytes()
    image.save(out, format="JPEG", **kwargs)
    return out.getvalue()


def upload(name="card.jpg", data: bytes | None = None, content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes() if data is None else data, content_type=content_type)


def document(data: bytes | None = None):
    from shared_apps.credentials.services import Document

    return Document(data=jpeg_bytes() if data is None else data, content_type="image/jpeg", suffix=".jpg")


def id_card_input(**overrides):
    from shared_apps.credentials.services import CredentialInput

    values = {"kind": "id_card", "documents": [document()], "number": VALID_ID, "name_on_document": "Wang Wei",
              "valid_until": timezone.localdate() + timedelta(days=3650)}
    values.update(overrides)
    return CredentialInput(**values)


def health_input(**overrides):
    from shared_apps.credentials.services import CredentialInput

    values = {"kind": "health", "documents": [document()], "issuer": "Chaoyang CDC",
              "valid_until": timezone.localdate() + timedelta(days=365)}
    values.update(overrides)
    return CredentialInput(**values)


def second_operator():
    from shared_apps.accounts.models import ConsoleRole, User

    return User.objects.create_user(phone="+8615000150002", password="x" * 12, name="Oscar Operator",
                                    console_role=ConsoleRole.SUPERADMIN)
