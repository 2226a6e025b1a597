"""Links to private files that are signed and expire after PRIVATE_FILE_URL_SECONDS.

A link is a TimestampSigner token for serve_private_file below, on the platform host, whatever the
storage: the expiry is ours and the same everywhere. On local disk (development, `make run`) the
view streams the file; on S3-compatible storage it redirects to the bucket's own presigned URL,
which lives only PRESIGNED_SECONDS (objects are private: no signature, no file), so the bytes never
pass through Django. Local disk answers HTTP range requests (a single range: 206 with Content-Range,
416 when it cannot be met) so a video can be sought and resumed; S3 answers them itself.
Links are made only for people the caller has already checked.
"""
from __future__ import annotations

import mimetypes
import re

from django.conf import settings
from django.core import signing
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseForbidden,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.urls import reverse

from shared_apps.accounts.access import anyone
from tenants.models import site_url

from .storage import private_storage

_SALT = "doorstep.private-file"
# The bucket's own link, handed out only by a valid link of ours: just long enough to follow it.
PRESIGNED_SECONDS = 30


UNSATISFIABLE = object()
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_CHUNK = 64 * 1024


def parse_range(header: str, size: int):
    """(first, last) byte of a single `Range: bytes=` header against a file of `size` bytes; None to
    send the whole file (no header, several ranges, or one we do not read); UNSATISFIABLE for 416."""
    match = _RANGE.match(header.strip().replace(" ", "")) if header else None
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # a suffix: the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            return UNSATISFIABLE
        return max(0, size - length), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if last and int(last) < start:
        return None  # not a valid range: ignored, as RFC 9110 says
    if start >= size:
        return UNSATISFIABLE
    return start, end


def _chunks(handle, remaining: int):
    try:
        while remaining > 0:
            block = handle.read(min(_CHUNK, remaining))
            if not block:
                break
            remaining -= len(block)
            yield block
    finally:
        handle.close()


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
        # A video player keeps asking the redirected URL for more ranges as it plays and seeks, so a
        # video's bucket link lives as long as our link; anything else is fetched at once.
        is_media = (mimetypes.guess_type(name)[0] or "").startswith("video/")
        expire = int(claim.get("s") or settings.PRIVATE_FILE_URL_SECONDS) if is_media else PRESIGNED_SECONDS
        response = HttpResponseRedirect(storage.url(name, expire=expire))
        response["Cache-Control"] = "private, no-store"
        return response
    try:
        handle = storage.open(name, "rb")
        size = storage.size(name)
    except (FileNotFoundError, OSError):
        raise Http404 from None
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    wanted = parse_range(request.headers.get("Range", ""), size)
    if wanted is UNSATISFIABLE:
        handle.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    elif wanted is not None:
        start, end = wanted
        handle.seek(start)
        response = StreamingHttpResponse(_chunks(handle, end - start + 1), status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    else:
        response = FileResponse(handle, content_type=content_type)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response
