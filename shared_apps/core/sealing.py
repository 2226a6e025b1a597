"""Secrets sealed at rest (payment credentials): Fernet tokens under PAYMENT_CREDENTIALS_KEY.

PAYMENT_CREDENTIALS_KEY is a list of Fernet keys, newest first: the first seals, every one unseals
(MultiFernet), so a key is rotated by putting a new one in front, re-sealing the rows
(`manage.py rotate_payment_credentials`), then dropping the old one. Without it (development and
tests only; production refuses to start) one key is derived from SECRET_KEY with HKDF.
"""
from __future__ import annotations

import base64
import json
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def derived_key(secret: str) -> bytes:
    """A Fernet key from `secret` (SECRET_KEY), for development only."""
    raw = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
               info=b"doorstep payment credentials").derive(secret.encode())
    return base64.urlsafe_b64encode(raw)


def _sealer() -> MultiFernet:
    configured = getattr(settings, "PAYMENT_CREDENTIALS_KEY", None) or []
    if isinstance(configured, str):
        configured = [part for part in configured.split(",") if part.strip()]
    keys = [key.strip().encode() if isinstance(key, str) else key for key in configured]
    if not keys:
        keys = [derived_key(settings.SECRET_KEY)]
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured("PAYMENT_CREDENTIALS_KEY holds a key that is not a Fernet key "
                                   "(32 url-safe base64-encoded bytes).") from error


def seal(data: dict[str, Any]) -> str:
    return _sealer().encrypt(json.dumps(data, sort_keys=True).encode()).decode()


def unseal(token: str) -> dict[str, Any]:
    if not token:
        return {}
    try:
        return json.loads(_sealer().decrypt(token.encode()))
    except InvalidToken as error:
        raise ImproperlyConfigured("Sealed credentials cannot be opened with PAYMENT_CREDENTIALS_KEY: "
                                   "was a key dropped before the rows were re-sealed?") from error


def reseal(token: str) -> str:
    """The same secret sealed under the first (newest) key."""
    return _sealer().rotate(token.encode()).decode() if token else token
