"""Orders and what happens to them: the timeline (OrderEvent), requests to move a visit
(RescheduleRequest), the office's exceptions (OrderException) and the company's order settings.

The states and the moves between them are data in machine.py; this module only stores them."""
from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shared_apps.core.storage import CompanyUploadPath


class OrderStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", _("Waiting for payment")
    PENDING_DISPATCH = "pending_dispatch", _("Finding a worker")
    ASSIGNED = "assigned", _("Offered to a worker")
    ACCEPTED = "accepted", _("Worker confirmed")
    ON_THE_WAY = "on_the_way", _("On the way")
    ARRIVED = "arrived", _("Arrived")
    IN_SERVICE = "in_service", _("In service")
    COMPLETED = "completed", _("Completed")
    REVIEWED = "reviewed", _("Reviewed")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")
    DISPUTED = "disputed", _("Disputed")


class PaymentMethod(models.TextChoices):
    ONLINE = "online", _("Online")
    ON_SITE = "on_site", _("On site")


class OrderSettings(models.Model):
    """How the company runs orders: one row (id 1); defaults when it was never written."""

    payment_minutes = models.PositiveIntegerField(default=30, help_text="Unpaid orders are cancelled after this.")
    allow_pay_on_site = models.BooleanField(default=False)
    # The office marks orders paid ("payment received"). A company with neither this, nor pay on
    # site, nor an online method ready cannot take bookings (selectors.takes_bookings).
    office_confirms_payment = models.BooleanField(default=True)
    free_reschedule_hours = models.PositiveIntegerField(default=24)
    reschedule_fee_percent = models.PositiveSmallIntegerField(default=10,
                                                              help_text="Of the total, with less notice.")
    arrival_radius_m = models.PositiveIntegerField(default=500, help_text="Arrivals farther away are flagged.")
    declines_alert = models.PositiveSmallIntegerField(default=3, help_text="Declines in 7 days that raise an alert.")
    early_start_minutes = models.PositiveIntegerField(
        default=120, help_text="How long before the visit's start a worker may start it; earlier is refused.")
    # Customer no-show (issue 17.4): how long the worker waits after the later of arrival and start
    # before "Customer not there", and the fee (None: the service's cancellation policy, on-the-way tier).
    no_show_wait_minutes = models.PositiveIntegerField(
        default=15, validators=[MaxValueValidator(24 * 60)],
        help_text="Minutes a worker waits at the address before marking the customer not there.")
    no_show_fee_percent = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(100)],
        help_text="Of the total, charged for a customer no-show; empty: the cancellation policy's on-the-way fee.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "order settings"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="order_settings_single_row")]

    def __str__(self) -> str:
        return "order settings"


WEIGHT_RANGE = [MinValueValidator(0), MaxValueValidator(10)]


class DispatchSettings(models.Model):
    """How the company gives orders to workers: one row (id 1); defaults when it was never written.
    The weights of the candidates' score (orders/candidates.py) and automatic dispatch."""

    auto_dispatch = models.BooleanField(
        default=False, help_text="Offer paid orders to the best candidate, moving on after a decline or timeout.")
    offer_minutes = models.PositiveSmallIntegerField(
        default=15, validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
        help_text="How long a worker has to accept an automatic offer.")
    weight_travel = models.PositiveSmallIntegerField(default=3, validators=WEIGHT_RANGE)
    weight_rating = models.PositiveSmallIntegerField(default=2, validators=WEIGHT_RANGE)
    weight_level = models.PositiveSmallIntegerField(default=1, validators=WEIGHT_RANGE)
    weight_workload = models.PositiveSmallIntegerField(default=2, validators=WEIGHT_RANGE)
    weight_previous_worker = models.PositiveSmallIntegerField(default=2, validators=WEIGHT_RANGE)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "dispatch settings"
        constraints = [models.CheckConstraint(condition=Q(id=1), name="dispatch_settings_single_row")]

    def __str__(self) -> str:
        return "dispatch settings"


class Order(models.Model):
    """A booked visit. Money in minor units; the quote's lines and cancellation tiers are copied here
    so the price and the policy the customer saw are the ones applied. `hold_id` names the order's
    assignment rows in scheduling (a crew shares it); `worker` is the one who answers for the task."""

    customer = models.ForeignKey("people.Customer", on_delete=models.PROTECT, related_name="orders")
    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT, related_name="+")
    variant = models.ForeignKey("catalog.Variant", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    service_name = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=OrderStatus.choices, default=OrderStatus.PENDING_PAYMENT)
    request = models.JSONField(default=dict, help_text="The quote request (variant, add-ons, quantity, duration).")
    purchase = models.JSONField(default=dict, blank=True,
                                help_text="What was bought, as the signed quote said: variant and add-on names, "
                                          "hours or quantity, add-on quantities and kinds (orders/purchase.py).")
    lines = models.JSONField(default=list)
    cancellation_tiers = models.JSONField(default=list)
    total = models.IntegerField()
    currency = models.CharField(max_length=3, default="CNY")
    duration_minutes = models.PositiveIntegerField()
    crew_size = models.PositiveSmallIntegerField(default=1)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    hold_id = models.UUIDField(db_index=True)
    worker = models.ForeignKey("workforce.WorkerProfile", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="orders")
    address_line = models.CharField(max_length=255)
    district = models.CharField(max_length=100, blank=True)
    # None when nobody could place the address (no geocoder, no zone centre, no base).
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    location_is_approximate = models.BooleanField(default=False)
    contact_name = models.CharField(max_length=100)
    contact_phone = models.CharField(max_length=20)
    notes = models.TextField(blank=True)
    requirements = models.JSONField(default=list, blank=True)
    payment_method = models.CharField(max_length=10, choices=PaymentMethod.choices, default=PaymentMethod.ONLINE)
    pay_by = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    payment_reference = models.CharField(max_length=100, blank=True)
    fees_charged = models.IntegerField(default=0, help_text="Cancellation and reschedule fees, summed.")
    eta_at = models.DateTimeField(null=True, blank=True)
    # An automatic offer's deadline: past it (not accepted) the offer moves to the next candidate.
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    completion_note = models.TextField(blank=True)
    reminded_day_at = models.DateTimeField(null=True, blank=True)
    reminded_hour_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [
            models.Index(fields=["status", "starts_at"], name="order_status_start"),
            models.Index(fields=["customer", "-starts_at"], name="order_customer"),
            models.Index(fields=["worker", "starts_at"], name="order_worker"),
        ]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")),
                                              name="order_ends_after_start")]

    def __str__(self) -> str:
        return f"order {self.pk} ({self.status})"


class OrderEvent(models.Model):
    """One step of an order's timeline: what happened, who did it, when, where and why."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    actor_name = models.CharField(max_length=40, blank=True)
    actor_role = models.CharField(max_length=20)
    reason = models.TextField(blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.order_id}"


class OrderPhoto(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to=CompanyUploadPath("orders"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.image.name


class RescheduleStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class RescheduleRequest(models.Model):
    """A request to move an order to another time, waiting for the other side. The new time is held
    (`hold_id`) while it waits, so approving cannot fail for want of the worker's time."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="reschedule_requests")
    requested_by = models.CharField(max_length=20)  # customer, worker
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(max_length=20, choices=RescheduleStatus.choices, default=RescheduleStatus.PENDING)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    hold_id = models.UUIDField()
    worker = models.ForeignKey("workforce.WorkerProfile", on_delete=models.SET_NULL, null=True, related_name="+")
    fee = models.IntegerField(default=0)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["order"], condition=Q(status="pending"),
                                               name="one_pending_reschedule_per_order")]

    def __str__(self) -> str:
        return f"reschedule {self.order_id} ({self.status})"


class ExceptionKind(models.TextChoices):
    NOT_ON_THE_WAY = "not_on_the_way", _("Not on the way 30 minutes before the start")
    LATE_ARRIVAL = "late_arrival", _("Not arrived 10 minutes after the start")
    RUNNING_OVER = "running_over", _("Running over")
    DECLINED_TOO_OFTEN = "declined_too_often", _("Declined too often")
    FAR_ARRIVAL = "far_arrival", _("Arrived far from the address")
    ARRIVAL_WITHOUT_LOCATION = "arrival_without_location", _("Arrived without a location")
    WORKER_LEFT = "worker_left", _("Its worker stopped doing jobs and nobody else was free")
    NOBODY_ACCEPTED = "nobody_accepted", _("Automatic dispatch found nobody left to offer it to")
    CREDENTIAL_LAPSES = "credential_lapses", _("A required credential of its worker is missing or lapses first")


class OrderException(models.Model):
    """Something the office should look at; raised by beat (once per order and kind)."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="exceptions")
    kind = models.CharField(max_length=30, choices=ExceptionKind.choices)
    detail = models.JSONField(default=dict, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["order", "kind"], name="one_exception_per_order_kind")]

    def __str__(self) -> str:
        return f"{self.kind} {self.order_id}"
