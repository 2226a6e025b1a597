"""Reviews of visits and what happens to them: photos, the company's reply, reports and the
moderation log; and the worker's private rating of the customer."""
from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shared_apps.core.storage import CompanyUploadPath

SCORE = [MinValueValidator(1), MaxValueValidator(5)]
LOW_SCORE = 2  # an overall score at or below this needs a reason


class LowScoreReason(models.TextChoices):
    """Why a visit scored low. The code is stored: the credit score later leaves out reasons outside
    the worker's control (price, app, customer-caused delay)."""

    QUALITY = "quality", _("Quality of the work")
    LATENESS = "lateness", _("The worker was late")
    ATTITUDE = "attitude", _("Attitude")
    DAMAGE = "damage", _("Something was damaged")
    PRICE = "price", _("Price")
    APP = "app", _("A problem with the app")
    CUSTOMER_DELAY = "customer_delay", _("A delay on my side")


OUTSIDE_WORKER_CONTROL = frozenset({LowScoreReason.PRICE, LowScoreReason.APP, LowScoreReason.CUSTOMER_DELAY})


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam")
    OFFENSIVE = "offensive", _("Offensive")
    PRIVACY = "privacy", _("Reveals private information")
    CONFLICT = "conflict", _("Conflict of interest")


class HideReason(models.TextChoices):
    """The policy a hidden review broke (a review is hidden only for one of these)."""

    SPAM = "spam", _("Spam or advertising")
    OFFENSIVE = "offensive", _("Offensive or abusive language")
    PRIVACY = "privacy", _("Reveals private information")
    CONFLICT = "conflict", _("Conflict of interest")
    OFF_TOPIC = "off_topic", _("Not about the visit")


class ReviewStatus(models.TextChoices):
    VISIBLE = "visible", _("Visible")
    HIDDEN = "hidden", _("Hidden")


def _score(label):
    return models.PositiveSmallIntegerField(label, validators=SCORE)


class Review(models.Model):
    """One per order, by its customer. Never deleted: a moderator hides it for a policy reason."""

    order = models.OneToOneField("orders.Order", on_delete=models.PROTECT, related_name="review")
    customer = models.ForeignKey("people.Customer", on_delete=models.PROTECT, related_name="reviews")
    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT, related_name="reviews")
    worker = models.ForeignKey("workforce.WorkerProfile", on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="reviews")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    quality = _score(_("Quality"))
    attitude = _score(_("Attitude"))
    skill = _score(_("Skill"))
    overall = _score(_("Overall"))
    text = models.TextField(blank=True)
    low_reason = models.CharField(max_length=20, choices=LowScoreReason.choices, blank=True)
    editable_until = models.DateTimeField()
    edited_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.VISIBLE)
    hidden_reason = models.CharField(max_length=20, choices=HideReason.choices, blank=True)
    hidden_note = models.TextField(blank=True)
    hidden_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+")
    hidden_at = models.DateTimeField(null=True, blank=True)
    reply = models.TextField(blank=True)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+")
    replied_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["service", "status", "-created_at"], name="review_service_status")]
        constraints = [
            *[models.CheckConstraint(condition=Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                                     name=f"review_{name}_1_to_5")
              for name in ("quality", "attitude", "skill", "overall")],
            models.CheckConstraint(condition=Q(overall__gt=LOW_SCORE) | ~Q(low_reason=""),
                                   name="review_low_score_has_reason"),
            models.CheckConstraint(condition=Q(status="visible") | ~Q(hidden_reason=""),
                                   name="review_hidden_has_reason"),
        ]

    def __str__(self) -> str:
        return f"review of order {self.order_id}"

    @property
    def is_hidden(self) -> bool:
        return self.status == ReviewStatus.HIDDEN


class ReviewPhoto(models.Model):
    """A photo of the review, stripped of its metadata and re-encoded before it is stored."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="photos")
    image = models.FileField(upload_to=CompanyUploadPath("reviews"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.image.name


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Waiting for a moderator")
    UPHELD = "upheld", _("Review hidden")
    DISMISSED = "dismissed", _("Dismissed")


class ReviewReport(models.Model):
    """Someone signed in says a review breaks a policy; it waits in the office's moderation queue."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=20, choices=ReportReason.choices)
    note = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    resolved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["review", "reporter"], name="one_report_per_person")]

    def __str__(self) -> str:
        return f"report {self.reason} on review {self.review_id}"


class ModerationAction(models.TextChoices):
    HIDE = "hide", _("Hidden")
    DISMISS = "dismiss", _("Reports dismissed")


class ModerationEntry(models.Model):
    """The audit trail of moderation: who did what to a review, when and why. Append-only."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="moderation")
    action = models.CharField(max_length=10, choices=ModerationAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    reason = models.CharField(max_length=20, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} review {self.review_id}"

    @property
    def reason_label(self) -> str:
        return str(HideReason(self.reason).label) if self.reason in HideReason.values else self.reason


class CustomerRating(models.Model):
    """The worker's private word about the customer after a finished visit; only the office sees it."""

    order = models.OneToOneField("orders.Order", on_delete=models.PROTECT, related_name="customer_rating")
    customer = models.ForeignKey("people.Customer", on_delete=models.PROTECT, related_name="ratings_by_workers")
    worker = models.ForeignKey("workforce.WorkerProfile", on_delete=models.PROTECT, related_name="customer_ratings")
    address_accuracy = _score(_("Address accuracy"))
    safety = _score(_("Safety"))
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(address_accuracy__gte=1, address_accuracy__lte=5),
                                   name="customer_rating_address_1_to_5"),
            models.CheckConstraint(condition=Q(safety__gte=1, safety__lte=5), name="customer_rating_safety_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"customer rating of order {self.order_id}"
