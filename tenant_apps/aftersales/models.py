"""After-sales cases: the report, its timeline (CaseEvent), notes with their audience, photos, the
SLA timers and the remedies. The states and moves are data in machine.py; timers.py keeps the clocks."""
from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shared_apps.core.storage import CompanyUploadPath


class ProblemCategory(models.TextChoices):
    QUALITY = "quality", _("Quality of the work")
    DAMAGE = "damage", _("Damage")
    NO_SHOW = "no_show", _("Nobody came")
    BEHAVIOUR = "behaviour", _("Behaviour")
    BILLING = "billing", _("Billing")


# Complaints about the person who came (a follow-up visit goes to someone else first).
ABOUT_THE_WORKER = frozenset({ProblemCategory.QUALITY, ProblemCategory.DAMAGE, ProblemCategory.NO_SHOW,
                              ProblemCategory.BEHAVIOUR})


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    WAITING_ON_CUSTOMER = "waiting_on_customer", _("Waiting on the customer")
    IN_MEDIATION = "in_mediation", _("In mediation")
    REMEDY_PROPOSED = "remedy_proposed", _("Remedy proposed")
    REMEDY_ACCEPTED = "remedy_accepted", _("Remedy accepted")
    REMEDY_REJECTED = "remedy_rejected", _("Remedy rejected")
    CLOSED = "closed", _("Closed")


HOURS = [MinValueValidator(1), MaxValueValidator(24 * 90)]


class AftersalesSettings(models.Model):
    """The company's after-sales promises: one row (id 1); defaults when it was never written. The
    report deadline per service category is ReportWindow; these are the SLA budgets, in hours of
    the office's time (paused while waiting on the customer)."""

    acknowledge_hours = models.PositiveIntegerField(default=4, validators=HOURS)
    remedy_hours = models.PositiveIntegerField(default=48, validators=HOURS)
    close_hours = models.PositiveIntegerField(default=168, validators=HOURS)
    # A worker who accepted and never arrived can be reported this long after the visit's start
    # (issue 17.4), before the visit is done.
    no_show_grace_minutes = models.PositiveIntegerField(default=30, validators=[MaxValueValidator(24 * 60)])
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "after-sales settings"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="aftersales_settings_single_row")]

    def __str__(self) -> str:
        return "after-sales settings"


class ReportWindow(models.Model):
    """How long after a visit of this service category its customer may report a problem."""

    category = models.OneToOneField("catalog.Category", on_delete=models.CASCADE, related_name="+")
    hours = models.PositiveIntegerField(validators=HOURS)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["category_id"]

    def __str__(self) -> str:
        return f"{self.category_id}: {self.hours} h"


class Case(models.Model):
    """A customer's report of a problem with one finished visit. `evidence` is what the visit left
    (completion time, the worker's photos, the arrival position), copied when it was reported."""

    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey("people.Customer", on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey("workforce.WorkerProfile", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+")
    category = models.CharField(max_length=20, choices=ProblemCategory.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    status = models.CharField(max_length=30, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    description = models.TextField()
    about_worker = models.BooleanField(default=True)
    evidence = models.JSONField(default=dict, blank=True)
    report_deadline = models.DateTimeField(help_text="The end of the reporting window it was reported in.")
    escalated_at = models.DateTimeField(null=True, blank=True)
    escalation_reason = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "-created_at"], name="aftersales_case_status")]
        constraints = [models.UniqueConstraint(fields=["order"], condition=~Q(status="closed"),
                                               name="aftersales_one_open_case_per_order")]

    def __str__(self) -> str:
        return f"case {self.pk} ({self.status})"


class CaseEvent(models.Model):
    """One step of a case: the move, who made it (and as which side), when and why."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=30, blank=True)
    to_status = models.CharField(max_length=30, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    actor_role = models.CharField(max_length=20)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.case_id}"


class NoteVisibility(models.TextChoices):
    CUSTOMER = "customer", _("The customer and the office")
    WORKER = "worker", _("The worker and the office")
    OFFICE = "office", _("The office only")


class CaseNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    author_role = models.CharField(max_length=20)
    visibility = models.CharField(max_length=10, choices=NoteVisibility.choices)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"note {self.pk} ({self.visibility})"


class CasePhoto(models.Model):
    """A photo the customer sent with the report: re-encoded without its metadata (EXIF: place, device)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=CompanyUploadPath("aftersales"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.image.name


class TimerKind(models.TextChoices):
    ACKNOWLEDGE = "acknowledge", _("Acknowledge")
    REMEDY = "remedy", _("Propose a remedy")
    CLOSE = "close", _("Close")


class CaseTimer(models.Model):
    """One SLA clock of a case. Its state is stored, not recomputed from events: `used` ran before
    the current run (exact, microseconds), `running_since` is the current run's start (None while paused or
    stopped), `due_at` the moment the budget runs out if it keeps running (None unless running: the
    beat job's index). Pausing adds the run to `used`, so pause and resume are exact."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timers")
    kind = models.CharField(max_length=20, choices=TimerKind.choices)
    budget = models.DurationField()
    used = models.DurationField(default=timedelta(0))
    running_since = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)
    stopped_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["case_id", "id"]
        indexes = [models.Index(fields=["due_at"], condition=Q(breached_at__isnull=True, due_at__isnull=False),
                                name="aftersales_timer_due")]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="aftersales_one_timer_per_kind"),
            models.CheckConstraint(condition=Q(running_since__isnull=True) | Q(stopped_at__isnull=True),
                                   name="aftersales_timer_stopped_is_not_running"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} timer of case {self.case_id}"


class RemedyKind(models.TextChoices):
    RESERVICE = "reservice", _("A follow-up visit at no charge")
    REFUND = "refund", _("A refund")
    CREDIT = "credit", _("Credit")


class CostBearer(models.TextChoices):
    COMPANY = "company", _("The company")
    WORKER = "worker", _("The worker")
    PLATFORM = "platform", _("The platform")
    INSURER = "insurer", _("The insurer")


class RemedyStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")
    CARRIED_OUT = "carried_out", _("Carried out")


class Remedy(models.Model):
    """What the office offers to put it right, and who bears its cost (posted to the ledger when it is
    carried out). `amount_fen`: the refund or credit; for a follow-up visit, the value charged to the
    bearer (0: none)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="remedies")
    kind = models.CharField(max_length=20, choices=RemedyKind.choices)
    amount_fen = models.BigIntegerField(default=0)
    bearer = models.CharField(max_length=20, choices=CostBearer.choices, default=CostBearer.COMPANY)
    status = models.CharField(max_length=20, choices=RemedyStatus.choices, default=RemedyStatus.PROPOSED)
    note = models.TextField(blank=True)
    follow_up_order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+")
    refund_ids = models.JSONField(default=list, blank=True)
    carried_out_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gte=0), name="aftersales_remedy_amount_not_negative"),
            models.UniqueConstraint(fields=["case"], condition=Q(status__in=["proposed", "accepted"]),
                                    name="aftersales_one_live_remedy_per_case"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for case {self.case_id} ({self.status})"
