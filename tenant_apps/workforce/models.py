"""Workers of one company: their profile (skills, level, the services they may do, home base), their
week template, dated shifts and time off. Wall-clock times are the company's (Company.time_zone)."""
from __future__ import annotations

from datetime import time

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tenant_apps.people.models import StaffMember

MAX_LEVEL = 10


class Timestamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class WorkerStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")


# THE definition of a worker, used by dispatch, availability and the worker app alike: an active
# staff member (any role: an owner who does jobs is a worker) whose worker profile is active.
ACTIVE_WORKER = Q(status=WorkerStatus.ACTIVE, staff_member__is_active=True)


class WorkerProfile(Timestamped):
    """What the company knows of one of its workers. Its key is the staff member's id, so a worker
    has one id everywhere (staff list, roster, assignments).

    A worker may do a service when they have every skill it requires and, if their service list is
    not empty, the service is on it (an empty list: every service their skills cover)."""

    staff_member = models.OneToOneField(StaffMember, on_delete=models.CASCADE, primary_key=True,
                                        related_name="worker_profile")
    skills = ArrayField(models.SlugField(max_length=40), default=list, blank=True)
    level = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1),
                                                                    MaxValueValidator(MAX_LEVEL)])
    services = models.ManyToManyField("catalog.Service", blank=True, related_name="+")
    price_adjustment_percent = models.DecimalField(
        max_digits=5, decimal_places=2, default=0, validators=[MinValueValidator(-90), MaxValueValidator(500)],
        help_text="Added to the price of this worker's jobs (a senior worker +10, a trainee -10).",
    )
    home_latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True,
                                        validators=[MinValueValidator(-90), MaxValueValidator(90)])
    home_longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True,
                                         validators=[MinValueValidator(-180), MaxValueValidator(180)])
    service_radius_km = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True,
                                            validators=[MinValueValidator(0)],
                                            help_text="Jobs farther than this from home are not offered. Empty: any.")
    status = models.CharField(max_length=20, choices=WorkerStatus.choices, default=WorkerStatus.ACTIVE)
    # Automatic dispatch offers nothing in these wall-clock hours (company time zone); from after until
    # wraps past midnight (22:00-07:00). Empty: no quiet hours.
    quiet_from = models.TimeField(null=True, blank=True, help_text="No automatic offers from this time.")
    quiet_until = models.TimeField(null=True, blank=True, help_text="... until this time.")
    # A "reduced dispatch" sanction (tenant_apps.quality) in force: ranked below everyone else.
    dispatch_reduced = models.BooleanField(default=False)

    class Meta:
        ordering = ["staff_member_id"]
        constraints = [
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=MAX_LEVEL), name="worker_level_range"),
            models.CheckConstraint(
                condition=Q(home_latitude__isnull=True, home_longitude__isnull=True)
                | Q(home_latitude__isnull=False, home_longitude__isnull=False),
                name="worker_home_both_or_neither",
            ),
            models.CheckConstraint(condition=Q(service_radius_km__isnull=True) | Q(home_latitude__isnull=False),
                                   name="worker_radius_needs_home"),
            models.CheckConstraint(condition=Q(quiet_from__isnull=True, quiet_until__isnull=True)
                                   | Q(quiet_from__isnull=False, quiet_until__isnull=False),
                                   name="worker_quiet_hours_both_or_neither"),
        ]

    def __str__(self) -> str:
        return f"worker {self.staff_member_id}"

    def clean(self) -> None:
        if (self.home_latitude is None) != (self.home_longitude is None):
            raise ValidationError({"home": _("Give both coordinates of the home base, or neither.")})
        if self.service_radius_km is not None and self.home_latitude is None:
            raise ValidationError({"service_radius_km": _("Set the home base first: the radius is around it.")})

    @property
    def is_active(self) -> bool:
        return self.status == WorkerStatus.ACTIVE

    def is_quiet_at(self, wall_clock: time) -> bool:
        """Whether `wall_clock` (company time) falls in the worker's quiet hours [from, until)."""
        if self.quiet_from is None or self.quiet_until is None or self.quiet_from == self.quiet_until:
            return False
        if self.quiet_from < self.quiet_until:
            return self.quiet_from <= wall_clock < self.quiet_until
        return wall_clock >= self.quiet_from or wall_clock < self.quiet_until


class ShiftTemplate(Timestamped):
    """One shift of a worker's usual week (a worker may have several a day)."""

    worker = models.ForeignKey(WorkerProfile, on_delete=models.CASCADE, related_name="shift_templates")
    weekday = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(7)],
                                               help_text="ISO weekday: 1 Monday ... 7 Sunday.")
    start_time = models.TimeField()
    end_time = models.TimeField(help_text="At or before the start: the shift ends the next day.")

    class Meta:
        ordering = ["worker_id", "weekday", "start_time"]
        constraints = [
            models.CheckConstraint(condition=Q(weekday__gte=1, weekday__lte=7), name="shift_template_weekday"),
        ]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.weekday} {self.start_time}-{self.end_time}"


class Shift(Timestamped):
    """A worker's hours on one date, replacing their week template on that date: an extra shift, other
    hours, or (a row without times) a day off. The roster writes these."""

    worker = models.ForeignKey(WorkerProfile, on_delete=models.CASCADE, related_name="shifts")
    date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True,
                                help_text="At or before the start: the shift ends the next day.")

    class Meta:
        ordering = ["date", "worker_id", "start_time"]
        indexes = [models.Index(fields=["worker", "date"], name="shift_worker_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__isnull=True, end_time__isnull=True)
                | Q(start_time__isnull=False, end_time__isnull=False),
                name="shift_times_both_or_neither",
            ),
            models.UniqueConstraint(fields=["worker", "date"], condition=Q(start_time__isnull=True),
                                    name="one_day_off_marker_per_date"),
        ]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.date} {self.start_time}-{self.end_time}"

    @property
    def is_day_off(self) -> bool:
        return self.start_time is None


class TimeOffKind(models.TextChoices):
    TIME_OFF = "time_off", _("Time off")
    HOLIDAY = "holiday", _("Company holiday")


class TimeOff(Timestamped):
    """Time a worker does not work (leave, sickness), or, without a worker, a company holiday when
    nobody works. From start_date at start_time (empty: 00:00) to end_date at end_time (empty: the
    end of that day), wall-clock time. It wins over every shift."""

    worker = models.ForeignKey(WorkerProfile, on_delete=models.CASCADE, null=True, blank=True,
                               related_name="time_off")
    kind = models.CharField(max_length=20, choices=TimeOffKind.choices, default=TimeOffKind.TIME_OFF)
    start_date = models.DateField()
    end_date = models.DateField()
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["start_date", "start_time", "id"]
        indexes = [models.Index(fields=["start_date", "end_date"], name="time_off_dates")]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="time_off_dates_order"),
            models.CheckConstraint(
                condition=Q(kind="holiday", worker__isnull=True) | Q(kind="time_off", worker__isnull=False),
                name="time_off_holiday_has_no_worker",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.start_date}-{self.end_date}"


class CreditScore(Timestamped):
    """A worker's credit score at this company, as last computed by tenant_apps.quality (nightly and
    after a rating, a complaint decision or a cancellation), with every component so the worker and
    the office can read why. Dispatch ranks by `score`."""

    worker = models.OneToOneField(WorkerProfile, on_delete=models.CASCADE, primary_key=True,
                                  related_name="credit_score")
    score = models.DecimalField(max_digits=4, decimal_places=1,
                                validators=[MinValueValidator(0), MaxValueValidator(100)])
    previous_score = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    components = models.JSONField(default=dict)
    version = models.CharField(max_length=20)
    visits = models.PositiveIntegerField(default=0, help_text="Visits in the window the score reads.")
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["worker_id"]
        constraints = [models.CheckConstraint(condition=Q(score__gte=0, score__lte=100), name="credit_score_range")]

    def __str__(self) -> str:
        return f"{self.worker_id}: {self.score}"
