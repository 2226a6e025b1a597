"""A person's commitments: the busy periods of their assignments in every company."""
from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import BigIntegerRangeField, DateTimeRangeField, RangeOperators
from django.db import models
from django.utils.translation import gettext_lazy as _


class PersonPoint(models.Func):
    """int8range(user_id, user_id, '[]'): the same person overlaps, two people never do (the core
    GiST range operator class, as scheduling.WorkerPoint: no btree_gist in the embedded PostgreSQL)."""

    function = "int8range"
    output_field = BigIntegerRangeField()

    def __init__(self) -> None:
        super().__init__(models.F("user"), models.F("user"), models.Value("[]"))


class Commitment(models.Model):
    """One active assignment (a hold or a booking) of one person in one company: only the busy
    period, so that other companies can subtract it without learning anything else.

    The row exists exactly while the company's assignment is active; the company's scheduling
    services write it in the assignment's transaction. A hold's row carries its expiry: an expired
    one never blocks (readers ignore it, and placing a hold deletes those in its way)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    company = models.ForeignKey("tenants.Company", on_delete=models.CASCADE, related_name="+")
    assignment_id = models.BigIntegerField(help_text="The company's scheduling.Assignment id (its own schema).")
    period = DateTimeRangeField()
    expires_at = models.DateTimeField(null=True, blank=True, help_text="A hold's expiry; empty once booked.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user_id", "period"]
        constraints = [
            models.UniqueConstraint(fields=["company", "assignment_id"], name="commitment_one_per_assignment"),
            ExclusionConstraint(
                name="commitment_no_double_booking",
                expressions=[(PersonPoint(), RangeOperators.OVERLAPS), ("period", RangeOperators.OVERLAPS)],
                violation_error_code="slot_taken",
                violation_error_message=_("This person is already busy at that time."),
            ),
        ]
        indexes = [models.Index(fields=["expires_at"], name="commitment_expiry")]

    def __str__(self) -> str:
        return f"user {self.user_id} busy {self.period}"
