"""Real-name verification (实名认证): does this name belong to this ID number?

One interface; the adapter is chosen by CREDENTIALS_REALNAME_ADAPTER (a dotted path). The sandbox
adapter is the default offline: it answers like the real service (matched or not, with a
reference) without a registry, and fails on request: a name containing "mismatch" or "不符" does
not match, one containing "unavailable" raises RealNameUnavailable.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class RealNameUnavailable(Exception):
    """The verification service could not answer; the credential waits for a person instead."""


@dataclass(frozen=True)
class RealNameResult:
    matched: bool
    reference: str


class RealNameVerifier(Protocol):
    def verify(self, *, name: str, id_number: str) -> RealNameResult: ...


class SandboxRealNameVerifier:
    def verify(self, *, name: str, id_number: str) -> RealNameResult:
        lowered = name.lower()
        if "unavailable" in lowered:
            raise RealNameUnavailable("sandbox: service unavailable on request")
        reference = "sandbox-" + hashlib.sha256(f"{name}|{id_number}".encode()).hexdigest()[:12]
        return RealNameResult(matched=bool(name.strip()) and "mismatch" not in lowered and "不符" not in name,
                              reference=reference)


def verifier() -> RealNameVerifier:
    path = getattr(settings, "CREDENTIALS_REALNAME_ADAPTER",
                   "shared_apps.credentials.realname.SandboxRealNameVerifier")
    return import_string(path)()
