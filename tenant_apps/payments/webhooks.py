"""Signing the money events we send to a company's own systems, the way providers sign theirs to us:
HMAC-SHA256 over the timestamp and the raw body, with the company's endpoint secret.

    Doorstep-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>." + body)>

A receiver recomputes v1 over the exact bytes it received, compares in constant time, and refuses
a timestamp more than 5 minutes from its clock (a replay). Several v1= values may appear while a
secret is rotated: any one matching is enough. Endpoints, the outbox and delivery with retries are
in `money_events.py`.
"""
from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Iterable

HEADER = "Doorstep-Signature"
TOLERANCE_SECONDS = 5 * 60


class SignatureRefused(ValueError):
    """The signature is missing, malformed, wrong, or its timestamp is too far from now."""


def _mac(secret: str, timestamp: int, body: bytes) -> str:
    return hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()


def sign_event(*, secrets: Iterable[str], body: bytes, timestamp: int | None = None) -> dict[str, str]:
    """The headers to send with `body` (one v1 per secret: the new and the old while rotating)."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    parts = [f"t={timestamp}"] + [f"v1={_mac(secret, timestamp, body)}" for secret in secrets]
    return {HEADER: ",".join(parts), "Content-Type": "application/json"}


def verify_event(*, secret: str, header: str, body: bytes, now: float | None = None,
                 tolerance: int = TOLERANCE_SECONDS) -> int:
    """Check a received event; returns its timestamp or raises SignatureRefused."""
    timestamp, candidates = None, []
    for part in (header or "").split(","):
        name, _sep, value = part.strip().partition("=")
        if name == "t" and value.isdigit():
            timestamp = int(value)
        elif name == "v1" and value:
            candidates.append(value)
    if timestamp is None or not candidates:
        raise SignatureRefused("no timestamp or no v1 signature")
    expected = _mac(secret, timestamp, body)
    if not any(hmac.compare_digest(expected, candidate) for candidate in candidates):
        raise SignatureRefused("the signature does not match")
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        raise SignatureRefused("the timestamp is more than 5 minutes from now")
    return timestamp
