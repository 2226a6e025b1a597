"""Sanctions on a worker and their appeals (issue 17 point 3). The ladder: warning -> retraining ->
reduced dispatch -> suspension -> removal; each sanction says the metric, threshold and value it
rests on; an appeal is decided by someone other than the person who issued the sanction."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class SanctionLevel(models.IntegerChoices):
    WARNING = 1, _("Warning")
    RETRAINING = 2, _("Retraining")
    REDUCED_DISPATCH = 3, _("Reduced dispatch")
    SUSPENSION = 4, _("Suspension")
    REMOVAL = 5, _("Removal")


class SanctionGround(models.TextChoices):
    CREDIT_SCORE = "credit_score", _("Credit score below the company's threshold")
    COMPLAINTS = "complaints", _("Upheld complaints")
    NO_SHOWS = "no_shows", _("Visits not come to")
    SAFETY = "safety", _("Safety")
    FRAUD = "fraud", _("Fraud")


# Grounds serious enough to skip steps of the ladder.
IMMEDIATE_GROUNDS = frozenset({SanctionGround.SAFETY, SanctionGround.FRAUD})


class SanctionStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    OVERTURNED = "overturned", _("Overturned on appeal")


class Sanction(models.Model):
    worker = models.ForeignKey("workforce.WorkerProfile", on_delete=models.CASCADE, related_name="sanctions")
    level = models.PositiveSmallIntegerField(choices=SanctionLevel.choices)
    ground = models.CharField(max_length=20, choices=SanctionGround.choices)
    metric = models.CharField(max_length=100, blank=True, help_text="What was measured, e.g. credit score.")
    threshold = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    value = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    note = models.TextField(max_length=2000)
    status = models.CharField(max_length=20, choices=SanctionStatus.choices, default=SanctionStatus.IN_FORCE)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    issued_by_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["worker", "-created_at"], name="sanction_worker")]
        constraints = [models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="sanction_level_range")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} for {self.worker_id}"


class AppealStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for a decision")
    UPHELD = "upheld", _("Upheld: the sanction is overturned")
    REJECTED = "rejected", _("Rejected: the sanction stands")


class Appeal(models.Model):
    sanction = models.OneToOneField(Sanction, on_delete=models.CASCADE, related_name="appeal")
    statement = models.TextField(max_length=4000)
    evidence = models.TextField(max_length=4000, blank=True, help_text="Order numbers, times, what shows it.")
    status = models.CharField(max_length=20, choices=AppealStatus.choices, default=AppealStatus.WAITING)
    due_at = models.DateTimeField(help_text="Decided by then (the appeal SLA).")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+")
    decided_by_name = models.CharField(max_length=150, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision = models.TextField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["status", "due_at"], name="appeal_queue")]

    def __str__(self) -> str:
        return f"appeal of {self.sanction_id}"
