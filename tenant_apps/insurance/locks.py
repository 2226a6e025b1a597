"""Row locks of visit insurance (after the order's and the case's, before the ledger's)."""
from __future__ import annotations

from .models import Claim, Policy


def lock_policy_of_order(order_id: int) -> Policy | None:
    return Policy.objects.select_for_update().filter(order_id=order_id).first()


def lock_claim(claim_id: int) -> Claim:
    return Claim.objects.select_for_update().get(pk=claim_id)
