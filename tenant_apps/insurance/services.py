"""Visit insurance actions: bind a policy when the worker accepts (its premium posted to the ledger),
end it when the visit is done, file a claim from a damage case, ask the insurer for its status.
An insurer that refuses or is down never stops the visit: the policy is recorded as not covered."""
from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.changes.services import record_change
from shared_apps.console.quality_records import record_claim
from shared_apps.core.errors import DomainError, ValidationFailed
from shared_apps.insurers import ClaimRequest, InsurerError, PolicyRequest, insurer
from tenant_apps.catalog.selectors import current_company
from tenant_apps.ledger import services as ledger

from .errors import InsuranceError
from .locks import lock_claim, lock_policy_of_order
from .models import Claim, ClaimStatus, Policy, PolicyStatus
from .selectors import claim_terms, is_serial_claimant

log = logging.getLogger(__name__)


def bind_policy(*, actor: Any, order_id: int, worker_id: int, insured_value_fen: int, starts_at: datetime,
                ends_at: datetime, now: datetime | None = None) -> Policy:
    """Cover the visit from the worker's acceptance; once per order (a second acceptance after a
    decline keeps the policy, its worker updated). Runs in the accepting transaction."""
    now = now or timezone.now()
    adapter = insurer()
    with transaction.atomic():
        existing = lock_policy_of_order(order_id)
        if existing is not None and existing.status == PolicyStatus.BOUND:
            if existing.worker_id != worker_id:
                existing.worker_id = worker_id
                existing.save(update_fields=["worker_id", "updated_at"])
            return existing
        try:
            bound = adapter.bind(PolicyRequest(company_id=current_company().pk, order_id=order_id, worker_id=worker_id,
                                               insured_value_fen=insured_value_fen, starts_at=starts_at,
                                               ends_at=ends_at))
        except InsurerError as error:
            log.warning("insurer %s refused order %s: %s", adapter.name, order_id, error)
            policy, _created = Policy.objects.update_or_create(order_id=order_id, defaults={
                "worker_id": worker_id, "insurer": adapter.name, "status": PolicyStatus.FAILED,
                "failure": str(error)[:300]})
            record_change(actor=actor, action="insurance.policy_failed", target_id=policy.pk,
                          data={"order_id": order_id})
            return policy
        policy, _created = Policy.objects.update_or_create(order_id=order_id, defaults={
            "worker_id": worker_id, "insurer": adapter.name, "reference": bound.reference,
            "premium_fen": bound.premium_fen, "status": PolicyStatus.BOUND, "failure": "", "bound_at": now})
        ledger.record_insurance_premium(actor=actor, order_id=order_id, fen=bound.premium_fen,
                                        event_key=f"insurance:premium:{order_id}",
                                        memo=f"Policy {bound.reference}")
        record_change(actor=actor, action="insurance.policy_bound", target_id=policy.pk,
                      data={"order_id": order_id, "premium_fen": bound.premium_fen})
    return policy


def end_policy(*, actor: Any, order_id: int, now: datetime | None = None) -> Policy | None:
    """The visit is done: the cover ends (claims for it can still be filed until their deadline)."""
    now = now or timezone.now()
    with transaction.atomic():
        policy = lock_policy_of_order(order_id)
        if policy is None or policy.status != PolicyStatus.BOUND:
            return policy
        try:
            insurer().end(policy.reference, at=now)
        except InsurerError:
            log.warning("insurer could not end policy %s; ended here", policy.reference, exc_info=True)
        policy.status, policy.ended_at = PolicyStatus.ENDED, now
        policy.save(update_fields=["status", "ended_at", "updated_at"])
        record_change(actor=actor, action="insurance.policy_ended", target_id=policy.pk, data={"order_id": order_id})
    return policy


def file_claim(*, actor: Any, order_id: int, case_id: int, customer_id: int, amount_fen: int, description: str,
               evidence: dict, reported_at: datetime, now: datetime | None = None) -> Claim:
    """File the damage claim of a case with its evidence, before the claim deadline. Filing again
    returns the claim already filed. The customer is flagged when they claimed often before."""
    now = now or timezone.now()
    if isinstance(amount_fen, bool) or not isinstance(amount_fen, int) or amount_fen <= 0:
        raise ValidationFailed({"amount_fen": [_("Enter the amount claimed.")]})
    with transaction.atomic():
        policy = lock_policy_of_order(order_id)
        if policy is None or policy.status == PolicyStatus.FAILED or not policy.reference:
            raise DomainError(InsuranceError.NO_POLICY, _("This visit was not insured."), status=409)
        existing = Claim.objects.filter(case_id=case_id).first()
        if existing is not None:
            return existing
        terms = claim_terms(ended_at=policy.ended_at, reported_at=reported_at)
        if now > terms.deadline:
            raise DomainError(InsuranceError.CLAIM_DEADLINE_PASSED, _("The deadline to claim for this visit has "
                                                                      "passed."), status=409)
        try:
            state = insurer().file_claim(ClaimRequest(
                policy_reference=policy.reference, claim_key=f"{current_company().pk}:{case_id}", amount_fen=amount_fen,
                description=description, evidence=evidence))
        except InsurerError:
            raise DomainError(InsuranceError.INSURER_UNAVAILABLE, _("The insurer cannot take the claim now; try "
                                                                    "again later."), status=503) from None
        claim = Claim.objects.create(
            policy=policy, case_id=case_id, customer_id=customer_id, amount_fen=amount_fen,
            description=description[:5000], evidence=evidence, insurer_reference=state.reference[:100],
            status=state.status, serial_claimant=is_serial_claimant(customer_id, now=now))
        record_change(actor=actor, action="insurance.claim_filed", target_id=claim.pk,
                      data={"case_id": case_id, "amount_fen": amount_fen, "serial": claim.serial_claimant})
        _mirror(claim)
    return claim


def _mirror(claim: Claim) -> None:
    """The platform's cross-company list of claims (console), written in the same transaction."""
    record_claim(company_id=current_company().pk, claim_id=claim.pk, case_id=claim.case_id,
                 insurer_reference=claim.insurer_reference, amount_fen=claim.amount_fen,
                 approved_fen=claim.approved_fen, status=claim.status, serial_claimant=claim.serial_claimant,
                 filed_at=claim.created_at)


def refresh_claim(*, actor: Any, claim: Claim, now: datetime | None = None) -> Claim:
    """Ask the insurer where the claim stands and keep its answer."""
    now = now or timezone.now()
    try:
        state = insurer().claim_status(claim.insurer_reference)
    except InsurerError:
        raise DomainError(InsuranceError.INSURER_UNAVAILABLE, _("The insurer cannot answer now; try again later."),
                          status=503) from None
    with transaction.atomic():
        locked = lock_claim(claim.pk)
        if state.status in ClaimStatus.values:
            locked.status = state.status
        locked.approved_fen, locked.checked_at = state.approved_fen, now
        locked.save(update_fields=["status", "approved_fen", "checked_at", "updated_at"])
        record_change(actor=actor, action="insurance.claim_checked", target_id=locked.pk,
                      data={"status": locked.status, "approved_fen": locked.approved_fen})
        _mirror(locked)
    return locked
