"""Idempotency-Key on money-moving API calls: the first answer is kept and replayed, never run twice.

The semantics payment APIs taught developers (Stripe's; the IETF httpapi Idempotency-Key draft):
- a view that moves money declares it (`@idempotent` on the handler, or `IdempotentMixin`), and then
  the header is required: missing or malformed is a 400 with a field-level message;
- the first response, whatever its status below 500, is stored (status, body, content type,
  Location) and replayed byte for byte for the same key, with `Idempotent-Replayed: true`, for
  IDEMPOTENCY_KEY_TTL_HOURS (24 by default); a 5xx or an unexpected error keeps nothing, so the
  client may retry;
- the same key with another method, path or body is a 422 `idempotency_key_reused`;
- a key is one caller's (the signed-in user) in one schema (the company, or the platform host).

How "runs once" holds: the key's row is inserted in the same transaction that runs the view and
stores its answer. A concurrent duplicate's insert waits on PostgreSQL's unique index for that
transaction to end (at most IDEMPOTENCY_WAIT_SECONDS, then a 409 `idempotency_key_in_progress`
with Retry-After): after a commit it finds the stored answer and replays it; after a rollback (a
5xx, a crash) its own insert goes through and it runs the view itself. The action and the record of
its answer commit together or not at all, so no crash window runs an action twice.
"""
from __future__ import annotations

import functools
import hashlib
import json
import re
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema

from shared_apps.core.errors import DomainError, ValidationFailed

from .models import IdempotentRequest

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
_META_KEY = "HTTP_IDEMPOTENCY_KEY"
# Visible ASCII, 1-255 characters (Stripe's limit): a UUID is the usual choice.
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")
_LOCK_NOT_AVAILABLE = "55P03"
_IN_PROGRESS = 0  # status_code of a row whose view is still running (visible only to its own transaction)


class IdempotencyError(StrEnum):
    REUSED = "idempotency_key_reused"
    IN_PROGRESS = "idempotency_key_in_progress"


def _key_of(request) -> str:
    key = request.META.get(_META_KEY)
    if key is None or not key.strip():
        raise ValidationFailed({HEADER: [_("This request moves money: send an Idempotency-Key header (a new UUID "
                                           "for each operation, the same one when you retry it).")]})
    if not _KEY.match(key):
        raise ValidationFailed({HEADER: [_("An Idempotency-Key is 1 to 255 visible ASCII characters, "
                                           "without spaces.")]})
    return key


def _canonical_body(request) -> bytes:
    """The body as data, so retrying with other whitespace or key order is the same request."""
    try:
        data = request.data
    except Exception:  # noqa: BLE001 - unparseable: the raw bytes decide (the view will refuse them)
        return bytes(request.body or b"")
    if hasattr(data, "lists"):  # a QueryDict (form or multipart)
        data = {key: values for key, values in data.lists()}
    return json.dumps(data, sort_keys=True, separators=(",", ":"), default=repr).encode()


def fingerprint_of(request) -> str:
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.get_full_path().encode(), _canonical_body(request)):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _caller_id(request) -> int:
    user = getattr(request, "user", None)
    return int(user.pk) if user is not None and user.is_authenticated else 0


def _wait_ms() -> int:
    return max(1, int(float(getattr(settings, "IDEMPOTENCY_WAIT_SECONDS", 10)) * 1000))


def _ttl() -> timedelta:
    return timedelta(hours=float(getattr(settings, "IDEMPOTENCY_KEY_TTL_HOURS", 24)))


def _claim(*, user_id: int, key: str, method: str, path: str, fingerprint: str, now: datetime) -> bool:
    """Insert the key's row in the current transaction: True if it is ours to run. False when a
    committed row holds the key. Raises 409 when another transaction holds it past the wait."""
    table = connection.ops.quote_name(IdempotentRequest._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('lock_timeout')")
        previous = cursor.fetchone()[0]
        try:
            with transaction.atomic():  # a savepoint: a timed-out wait leaves the transaction usable
                cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{_wait_ms()}ms"])
                # An expired answer is forgotten (the purge would delete it soon anyway). This can
                # wait too: on a duplicate that is deleting the same expired row and running.
                cursor.execute(f"DELETE FROM {table} WHERE user_id = %s AND key = %s "  # noqa: S608
                               "AND expires_at <= %s", [user_id, key, now])
                cursor.execute(
                    f"INSERT INTO {table} (user_id, key, method, path, fingerprint, status_code, content, "  # noqa: S608
                    "content_type, location, expires_at, created_at, updated_at) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s, '', '', %s, %s, %s) "
                    "ON CONFLICT (user_id, key) DO NOTHING RETURNING id",
                    [user_id, key, method, path[:2000], fingerprint, _IN_PROGRESS, b"", now + _ttl(), now, now],
                )
                claimed = cursor.fetchone() is not None
        except OperationalError as error:
            if getattr(getattr(error, "__cause__", None), "sqlstate", None) == _LOCK_NOT_AVAILABLE:
                raise DomainError(IdempotencyError.IN_PROGRESS,
                                  _("A request with this Idempotency-Key is still being processed. Retry shortly."),
                                  status=409) from error
            raise
        finally:
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
    return claimed


def _replay(*, user_id: int, key: str, fingerprint: str) -> HttpResponse:
    stored = IdempotentRequest.objects.get(user_id=user_id, key=key)
    if stored.fingerprint != fingerprint:
        raise DomainError(IdempotencyError.REUSED,
                          _("This Idempotency-Key was already used for a different request (another method, "
                            "address or body). Use a new key for a new operation."), status=422)
    response = HttpResponse(bytes(stored.content), status=stored.status_code,
                            content_type=stored.content_type or None)
    if stored.location:
        response["Location"] = stored.location
    response[REPLAYED_HEADER] = "true"
    return response


def _run(view, handler, request, args, kwargs):
    """The handler's response, rendered, as the client will get it (errors included)."""
    try:
        with transaction.atomic():  # a refused action leaves nothing behind, and the key's row is stored
            response = handler(view, request, *args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - DRF turns known errors into responses, re-raises the rest
        response = view.handle_exception(exc)
    response = view.finalize_response(request, response, *args, **kwargs)
    if callable(getattr(response, "render", None)):
        response.render()
    return response


def _store(*, user_id: int, key: str, response) -> None:
    IdempotentRequest.objects.filter(user_id=user_id, key=key).update(
        status_code=response.status_code, content=bytes(response.content),
        content_type=response.get("Content-Type", "")[:200], location=response.get("Location", "")[:2000],
    )


def idempotent(handler):
    """Make a DRF handler (post/put/patch/delete of an APIView) honour Idempotency-Key. It runs after
    authentication and permissions, so a refused caller never reaches the key store."""

    @functools.wraps(handler)
    def wrapper(view, request, *args, **kwargs):
        key = _key_of(request)
        user_id, fingerprint = _caller_id(request), fingerprint_of(request)
        with transaction.atomic():
            try:
                claimed = _claim(user_id=user_id, key=key, method=request.method, path=request.get_full_path(),
                                 fingerprint=fingerprint, now=timezone.now())
            except DomainError as error:
                if error.code != IdempotencyError.IN_PROGRESS:
                    raise
                response = view.handle_exception(error)
                response["Retry-After"] = "1"
                return response
            if not claimed:
                return _replay(user_id=user_id, key=key, fingerprint=fingerprint)
            response = _run(view, handler, request, args, kwargs)
            if response.status_code >= 500:
                transaction.set_rollback(True)  # releases the key: the client may retry
                return response
            _store(user_id=user_id, key=key, response=response)
            response[REPLAYED_HEADER] = "false"
            return response

    wrapper.is_idempotent = True
    return extend_schema(parameters=[OpenApiParameter(
        HEADER, str, OpenApiParameter.HEADER, required=True,
        description="A new unique value (a UUID) per operation; send the same one to retry it. The first "
                    "answer is replayed for 24 hours; another request with the same key is refused (422).",
    )])(wrapper)


class IdempotentMixin:
    """For an APIView whose every writing method moves money: wraps its post/put/patch/delete."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name in ("post", "put", "patch", "delete"):
            handler = cls.__dict__.get(name)
            if handler is not None and not getattr(handler, "is_idempotent", False):
                setattr(cls, name, idempotent(handler))


def delete_expired_requests(*, now: datetime | None = None) -> int:
    """Forget the answers past their lifetime in the current schema (beat calls it in every schema)."""
    deleted, _detail = IdempotentRequest.objects.filter(expires_at__lte=now or timezone.now()).delete()
    return deleted
