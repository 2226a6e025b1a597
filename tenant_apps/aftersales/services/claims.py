"""A damage case becomes an insurance claim: the office files it with the case's evidence (the
customer's photos and words, the worker's completion photos and arrival) on the visit's policy,
and asks the insurer for its status."""
from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User
from shared_apps.changes.services import record_change
from shared_apps.core.errors import DomainError, NotFound
from tenant_apps.insurance.models import Claim
from tenant_apps.insurance.selectors import claim_of_case
from tenant_apps.insurance.services import file_claim, refresh_claim

from ..errors import CaseError
from ..escalation import sync_escalation
from ..locks import lock_case
from ..machine import Side, apply_move, find_move
from ..models import Case, ProblemCategory


def claim_damage(*, actor: User, case: Case, amount_fen: int, now: datetime | None = None) -> Claim:
    """File the claim of a damage case (once; filing again returns it)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_case(case.pk)
        find_move(locked.status, "file_claim", Side.OFFICE)
        if locked.category != ProblemCategory.DAMAGE:
            raise DomainError(CaseError.NOT_A_DAMAGE_CASE, _("Only damage is claimed from the insurer."), status=409)
        evidence = {**locked.evidence, "case_photo_ids": list(locked.photos.values_list("pk", flat=True)),
                    "severity": locked.severity, "reported_at": locked.created_at.isoformat()}
        claim = file_claim(actor=actor, order_id=locked.order_id, case_id=locked.pk, customer_id=locked.customer_id,
                           amount_fen=amount_fen, description=locked.description, evidence=evidence,
                           reported_at=locked.created_at, now=now)
        if not locked.events.filter(action="file_claim").exists():
            apply_move(actor=actor, case=locked, action="file_claim", side=Side.OFFICE, now=now,
                       data={"claim": claim.pk, "amount_fen": amount_fen, "reference": claim.insurer_reference,
                             "serial_claimant": claim.serial_claimant})
            record_change(actor=actor, action="case.file_claim", target_id=locked.pk, data={"claim": claim.pk})
        sync_escalation(locked)
    return claim


def check_claim(*, actor: User, case: Case, now: datetime | None = None) -> Claim:
    """The insurer's answer on the case's claim, kept on the claim."""
    claim = claim_of_case(case.pk)
    if claim is None:
        raise NotFound("claim")
    return refresh_claim(actor=actor, claim=claim, now=now)
