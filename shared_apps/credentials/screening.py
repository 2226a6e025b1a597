"""Background-check providers (背景调查), behind one interface (DESIGN §5: outside services sit behind
an interface with a sandbox adapter). `provider()` returns the adapter named by
BACKGROUND_CHECK_PROVIDER (a dotted path); the sandbox is the default, so development and tests
never leave the machine.

A provider takes a request (our key, the person's name and ID number, the consent's moment) and
answers a reference; asked later with that reference, it says whether the check is still running
or done, and then its outcome: pass, fail or consider (a finding a person must weigh). We keep the
outcome, its date and the reference, never the report itself."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

OUTCOMES = ("pass", "fail", "consider")


class ScreeningUnavailable(Exception):
    """The provider could not be reached or refused the request; the caller tries again later."""


@dataclass(frozen=True)
class ScreeningRequest:
    key: str  # ours, so that asking twice starts one check
    name: str
    id_number: str
    consented_at: datetime


@dataclass(frozen=True)
class ScreeningState:
    reference: str
    done: bool
    outcome: str = ""  # one of OUTCOMES once done
    completed_at: datetime | None = None


class ScreeningProvider(Protocol):
    name: str

    def request(self, request: ScreeningRequest) -> str: ...

    def state(self, reference: str) -> ScreeningState: ...


class SandboxScreening:
    """Behaves like a provider without leaving the machine. A check runs for
    BACKGROUND_CHECK_SANDBOX_SECONDS after it was requested, then ends with the outcome chosen at
    request time: a name containing "(fail)" or "(consider)" gets that outcome, any other name gets
    BACKGROUND_CHECK_SANDBOX_OUTCOME ("pass" unless set). A name containing "(down)" raises
    ScreeningUnavailable, to rehearse an outage. The reference carries what the sandbox must remember
    (outcome and start), so every process answers the same without a table."""

    name = "sandbox"
    CODES = {"pass": "P", "fail": "F", "consider": "C"}

    def request(self, request: ScreeningRequest) -> str:
        lowered = request.name.lower()
        if "(down)" in lowered:
            raise ScreeningUnavailable("the sandbox provider is down, as asked")
        outcome = next((o for o in ("fail", "consider") if f"({o})" in lowered), None) or str(
            getattr(settings, "BACKGROUND_CHECK_SANDBOX_OUTCOME", "pass"))
        if outcome not in OUTCOMES:
            raise ScreeningUnavailable(f"unknown sandbox outcome {outcome!r}")
        digest = hashlib.sha256(request.key.encode()).hexdigest()[:8].upper()
        return f"SBX-BG-{digest}-{self.CODES[outcome]}{int(timezone.now().timestamp())}"

    def state(self, reference: str) -> ScreeningState:
        try:
            _, _, _, tail = reference.split("-")
            outcome = {code: name for name, code in self.CODES.items()}[tail[0]]
            started = datetime.fromtimestamp(int(tail[1:]), tz=UTC)
        except (ValueError, KeyError, IndexError):
            raise ScreeningUnavailable("unknown reference") from None
        seconds = float(getattr(settings, "BACKGROUND_CHECK_SANDBOX_SECONDS", 60))
        now = timezone.now()
        if (now - started).total_seconds() < seconds:
            return ScreeningState(reference=reference, done=False)
        return ScreeningState(reference=reference, done=True, outcome=outcome, completed_at=now)


def provider() -> ScreeningProvider:
    path = getattr(settings, "BACKGROUND_CHECK_PROVIDER", "shared_apps.credentials.screening.SandboxScreening")
    return import_string(path)()
