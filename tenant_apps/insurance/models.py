"""Visit insurance: one policy per order (named by id: insurance sits below orders) and the claims
filed against it. The insurer's own records are the truth; these rows are what we were told."""
from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PolicyStatus(models.TextChoices):
    BOUND = "bound", _("Covered")
    ENDED = "ended", _("Ended")
    FAILED = "failed", _("Not covered (the insurer refused)")


class Policy(models.Model):
    order_id = models.BigIntegerField(unique=True)
    worker_id = models.BigIntegerField()
    insurer = models.CharField(max_length=30)
    reference = models.CharField(max_length=100, blank=True)
    premium_fen = models.BigIntegerField(default=0)
    status = models.CharField(max_length=10, choices=PolicyStatus.choices)
    failure = models.CharField(max_length=300, blank=True)
    bound_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(premium_fen__gte=0), name="insurance_premium_not_negative")]

    def __str__(self) -> str:
        return f"policy of order {self.order_id} ({self.status})"


class ClaimStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted to the insurer")
    APPROVED = "approved", _("Approved by the insurer")
    REJECTED = "rejected", _("Rejected by the insurer")


class Claim(models.Model):
    """A damage claim on a visit's policy, filed from an after-sales case (named by id: the case app
    sits above)."""

    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="claims")
    case_id = models.BigIntegerField(unique=True)
    customer_id = models.BigIntegerField(db_index=True)
    amount_fen = models.BigIntegerField()
    approved_fen = models.BigIntegerField(default=0)
    description = models.TextField()
    evidence = models.JSONField(default=dict)
    insurer_reference = models.CharField(max_length=100)
    status = models.CharField(max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED)
    serial_claimant = models.BooleanField(default=False, help_text="The customer claimed often before this.")
    checked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount_fen__gt=0), name="insurance_claim_amount_positive")]

    def __str__(self) -> str:
        return f"claim {self.insurer_reference} ({self.status})"
