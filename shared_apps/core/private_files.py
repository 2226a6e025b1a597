"""Links to private files that are signed and expire after PRIVATE_FILE_URL_SECONDS.

A link is a TimestampSigner token for serve_private_file below, on the platform host, whatever the
storage: the expiry is ours and the same everywhere. On local disk (development, `make run`) the
view streams the file; on S3-compatible storage it redirects to the bucket's own presigned URL,
which lives only PRESIGNED_SECONDS (objects are private: no signature, no file), so the bytes never
pass through Django. Links are made only for people the caller has already checked.
"""
from __future__ import annotations

import mimetypes

from django.conf import settings
from django.core import signing
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseForbidden, HttpResponseRedirect
from django.urls import reverse

from shared_apps.accounts.access import anyone
from tenants.models import site_url

from .storage import private_storage

_SALT = "doorstep.private-file"
# The bucket's own link, handed out only by a valid link of ours: just long enough to follow it.
PRESIGNED_SECONDS = 30


def is_presigning(storage) -> bool:
    return bool(getattr(storage, "querystring_auth", False)) and hasattr(storage, "bucket_name")


def private_file_url(name: str, *, seconds: int | None = None) -> str:
    """An absolute link to the private file `name`, valid for `seconds` (PRIVATE_FILE_URL_SECONDS)."""
    seconds = seconds or settings.PRIVATE_FILE_URL_SECONDS
    token = signing.TimestampSigner(salt=_SALT).sign_object({"n": name, "s": seconds})
    return site_url(settings.PLATFORM_DOMAIN) + reverse("private-file", args=[token], urlconf="config.urls_public")


@anyone  # the signature is the permission; it expires
def serve_private_file(request: HttpRequest, token: str) -> HttpResponse:
    signer = signing.TimestampSigner(salt=_SALT)
    try:
        claim = signer.unsign_object(token)
        if not isinstance(claim, dict) or not isinstance(claim.get("n"), str):
            raise signing.BadSignature
        signer.unsign_object(token, max_age=int(claim.get("s") or settings.PRIVATE_FILE_URL_SECONDS))
    except signing.SignatureExpired:
        return HttpResponseForbidden("This link has expired.")
    except (signing.BadSignature, ValueError, TypeError):
        return HttpResponseForbidden("This link is not valid.")
    name = claim["n"]
    storage = private_storage()
    if is_presigning(storage):
        response = HttpResponseRedirect(storage.url(name, expire=PRESIGNED_SECONDS))
        response["Cache-Control"] = "private, no-store"
        return response
    try:
        handle = storage.open(name, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type=mimetypes.guess_type(name)[0] or "application/octet-stream")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response
