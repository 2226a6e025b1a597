"""Visit insurance, behind one interface (DESIGN §5: outside services sit behind an interface with a
sandbox adapter). `insurer()` returns the configured adapter: the sandbox insurer unless a live one
is configured (none is built yet), so development and tests never leave the machine.

An insurer binds a policy for one visit (premium quoted on the visit's price), ends it when the
visit is done, takes claims with their evidence and answers a claim's status."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from django.conf import settings


class InsurerError(Exception):
    """The insurer refused or could not be reached; the caller records it and carries on."""


@dataclass(frozen=True)
class PolicyRequest:
    company_id: int
    order_id: int
    worker_id: int
    insured_value_fen: int
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class BoundPolicy:
    reference: str
    premium_fen: int


@dataclass(frozen=True)
class ClaimRequest:
    policy_reference: str
    claim_key: str  # ours, so that filing twice files once
    amount_fen: int
    description: str
    evidence: dict = field(default_factory=dict)


@dataclass(frozen=True)
class ClaimState:
    reference: str
    status: str  # submitted, approved, rejected
    approved_fen: int = 0


class Insurer(Protocol):
    name: str

    def bind(self, request: PolicyRequest) -> BoundPolicy: ...

    def end(self, reference: str, *, at: datetime) -> None: ...

    def file_claim(self, request: ClaimRequest) -> ClaimState: ...

    def claim_status(self, reference: str) -> ClaimState: ...


class SandboxInsurer:
    """Behaves like an insurer without leaving the machine. Premium: INSURANCE_PREMIUM_BP of the
    insured value (at least 1 yuan). References are derived from our keys, so repeats give the same
    answer. A claim is submitted at once; asked again, it is approved up to the cover limit
    (INSURANCE_SANDBOX_COVER_FEN) and rejected above it. A description containing "[insurer down]"
    fails, to rehearse an outage."""

    name = "sandbox"

    def bind(self, request: PolicyRequest) -> BoundPolicy:
        bp = int(getattr(settings, "INSURANCE_PREMIUM_BP", 100))
        premium = max(100, (request.insured_value_fen * bp + 5000) // 10000)
        return BoundPolicy(reference=f"SBX-P-{request.company_id}-{request.order_id}", premium_fen=premium)

    def end(self, reference: str, *, at: datetime) -> None:
        if not reference.startswith("SBX-P-"):
            raise InsurerError("unknown policy")

    def file_claim(self, request: ClaimRequest) -> ClaimState:
        if "[insurer down]" in request.description:
            raise InsurerError("the sandbox insurer is down, as asked")
        digest = hashlib.sha256(request.claim_key.encode()).hexdigest()[:10]
        return ClaimState(reference=f"SBX-C-{request.amount_fen}-{digest}", status="submitted")

    def claim_status(self, reference: str) -> ClaimState:
        try:
            amount = int(reference.split("-")[2])
        except (IndexError, ValueError):
            raise InsurerError("unknown claim") from None
        cover = int(getattr(settings, "INSURANCE_SANDBOX_COVER_FEN", 500_000))
        if amount <= cover:
            return ClaimState(reference=reference, status="approved", approved_fen=amount)
        return ClaimState(reference=reference, status="rejected")


def insurer() -> Insurer:
    return SandboxInsurer()
