"""Reads of visit insurance: an order's policy, a case's claim, the claim terms shown before filing,
and whether a customer claims often."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Claim, Policy

SERIAL_WINDOW = timedelta(days=365)


@dataclass(frozen=True)
class ClaimTerms:
    deadline: datetime
    checklist: tuple[str, ...]


CHECKLIST = (
    _("Photos of the damage (the customer's report)"),
    _("The worker's completion photos and arrival position (attached automatically)"),
    _("What was damaged and its value (the amount claimed)"),
    _("The customer's description of what happened"),
)


def claim_terms(*, ended_at: datetime | None, reported_at: datetime) -> ClaimTerms:
    """A claim must reach the insurer within INSURANCE_CLAIM_DAYS of the visit's end."""
    days = int(getattr(settings, "INSURANCE_CLAIM_DAYS", 30))
    return ClaimTerms(deadline=(ended_at or reported_at) + timedelta(days=days), checklist=CHECKLIST)


def policy_of_order(order_id: int) -> Policy | None:
    return Policy.objects.filter(order_id=order_id).first()


def claim_of_case(case_id: int) -> Claim | None:
    return Claim.objects.select_related("policy").filter(case_id=case_id).first()


def is_serial_claimant(customer_id: int, *, now: datetime) -> bool:
    """Two claims or more in the last year before this one."""
    threshold = int(getattr(settings, "INSURANCE_SERIAL_CLAIMS", 2))
    return Claim.objects.filter(customer_id=customer_id, created_at__gte=now - SERIAL_WINDOW).count() >= threshold
