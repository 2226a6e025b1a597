"""Assignments of workers to visits (holds while the customer pays, then booked), the company's
scheduling settings, and the events of holds.

No worker can be in two places at once by construction: an exclusion constraint (GiST) keeps
each worker's active assignment ranges apart, holds included. An assignment's range is the visit
plus the company's buffers before and after it; travel between consecutive visits is checked by the
hold service under a per-worker lock (it depends on both neighbours, so it is not a fixed range).
"""
from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import BigIntegerRangeField, DateTimeRangeField, RangeOperators
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

SLOT_MINUTES_CHOICES = [(m, f"{m} min") for m in (5, 10, 15, 20, 30, 60)]


class SchedulingSettings(models.Model):
    """How the company's calendar works: one row (id 1). The booking horizon is the catalog's
    (CatalogSettings.booking_horizon_days) and the lead time is each service's."""

    slot_minutes = models.PositiveSmallIntegerField(default=30, choices=SLOT_MINUTES_CHOICES,
                                                    help_text="Start times are offered every this many minutes.")
    buffer_before_minutes = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(240)])
    buffer_after_minutes = models.PositiveSmallIntegerField(default=15, validators=[MaxValueValidator(240)])
    travel_minutes_per_km = models.DecimalField(
        max_digits=5, decimal_places=2, default=3, validators=[MinValueValidator(0), MaxValueValidator(60)],
        help_text="Travel time is the straight-line distance times this (3 min/km is 20 km/h).",
    )
    hold_minutes = models.PositiveSmallIntegerField(default=10, validators=[MinValueValidator(1),
                                                                            MaxValueValidator(60)])
    max_holds_per_customer = models.PositiveIntegerField(default=3, validators=[MinValueValidator(1),
                                                                                MaxValueValidator(100_000)])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "scheduling settings"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="scheduling_settings_single_row")]

    def __str__(self) -> str:
        return "scheduling settings"


class WorkerPoint(models.Func):
    """int8range(worker_id, worker_id, '[]'): equal workers overlap, different ones never do."""

    function = "int8range"
    output_field = BigIntegerRangeField()

    def __init__(self) -> None:
        super().__init__(models.F("worker"), models.F("worker"), models.Value("[]"))


class AssignmentStatus(models.TextChoices):
    HOLD = "hold", _("Held while the customer pays")
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_STATUSES = (AssignmentStatus.HOLD, AssignmentStatus.BOOKED)


class Assignment(models.Model):
    """One worker at one visit. Rows placed together (a crew) share a hold_id.

    `period` is what the worker is committed to: [starts_at - buffer before, ends_at + buffer after).
    A hold expires at expires_at; an expired hold never blocks anyone: the engine ignores it, and
    placing a hold deletes the expired holds in its way in the same transaction (beat purges the
    rest), because the exclusion constraint cannot look at the clock."""

    worker = models.ForeignKey("workforce.WorkerProfile", on_delete=models.PROTECT, related_name="assignments")
    status = models.CharField(max_length=20, choices=AssignmentStatus.choices)
    hold_id = models.UUIDField(db_index=True)
    service = models.ForeignKey("catalog.Service", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    customer = models.ForeignKey("people.Customer", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    period = DateTimeRangeField()
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    crew_size = models.PositiveSmallIntegerField(default=1)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "worker_id"]
        indexes = [
            models.Index(fields=["expires_at"], condition=Q(status="hold"), name="assignment_hold_expiry"),
            models.Index(fields=["customer", "status"], name="assignment_customer_status"),
        ]
        constraints = [
            ExclusionConstraint(
                name="assignment_no_double_booking",
                # The worker id as a one-point range, so the GiST index needs only core PostgreSQL
                # operator classes (the embedded PostgreSQL of `make run` has no btree_gist).
                expressions=[(WorkerPoint(), RangeOperators.OVERLAPS), ("period", RangeOperators.OVERLAPS)],
                condition=Q(status__in=["hold", "booked"]),
                violation_error_code="slot_taken",
                violation_error_message=_("This worker is already busy at that time."),
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="assignment_ends_after_start"),
            models.CheckConstraint(condition=~Q(status="hold") | Q(expires_at__isnull=False),
                                   name="assignment_hold_expires"),
        ]

    def __str__(self) -> str:
        return f"{self.status} {self.worker_id} {self.starts_at:%Y-%m-%d %H:%M}"


class HoldEventKind(models.TextChoices):
    PLACED = "placed", _("Placed")
    RELEASED = "released", _("Released")
    EXPIRED = "expired", _("Expired")
    CONFIRMED = "confirmed", _("Confirmed")
    EXTENDED = "extended", _("Held longer")
    ASSIGNED = "assigned", _("Worker booked")
    CANCELLED = "cancelled", _("Booking cancelled")


class HoldEvent(models.Model):
    """What happened to a hold, who did it and when (holds themselves are deleted when they end)."""

    hold_id = models.UUIDField(db_index=True)
    kind = models.CharField(max_length=20, choices=HoldEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    actor_name = models.CharField(max_length=40, blank=True, help_text="The system actor, when no user acted.")
    worker_ids = models.JSONField(default=list, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.hold_id}"
