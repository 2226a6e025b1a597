"""A company's payment settings: one settings row and one row per payment method."""
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Method(models.TextChoices):
    WECHAT_PAY = "wechat_pay", _("WeChat Pay")
    ALIPAY = "alipay", _("Alipay")
    UNIONPAY = "unionpay", _("UnionPay card")
    ON_SITE = "on_site", _("Pay on site")


ONLINE_METHODS = (Method.WECHAT_PAY, Method.ALIPAY, Method.UNIONPAY)


class AccountMode(models.TextChoices):
    OWN = "own", _("Our own merchant account")
    PARTNER = "partner", _("The platform's partner account (we are its sub-merchant)")


class DepositPolicy(models.TextChoices):
    NONE = "none", _("No deposit: customers pay in full")
    PERCENT = "percent", _("A deposit at booking, the rest after the visit")


class PaymentSettings(models.Model):
    """One row (id 1); defaults when it was never written. The sandbox is the default: no real money
    moves until the owner switches to live."""

    use_sandbox = models.BooleanField(default=True)
    deposit_policy = models.CharField(max_length=10, choices=DepositPolicy.choices, default=DepositPolicy.NONE)
    deposit_percent = models.PositiveSmallIntegerField(null=True, blank=True,
                                                       help_text="Share paid at booking, 1-99 %.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "payment settings"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="payment_settings_single_row"),
            models.CheckConstraint(
                condition=(Q(deposit_policy="none", deposit_percent__isnull=True)
                           | Q(deposit_policy="percent", deposit_percent__gte=1, deposit_percent__lte=99)),
                name="payment_deposit_percent_1_to_99"),
        ]

    def __str__(self) -> str:
        return "payment settings"


class PaymentMethodSetting(models.Model):
    """Whether the company accepts one method and, online, through which account. The credentials
    are one Fernet token (shared_apps.core.sealing): never stored, shown, logged or recorded in
    clear."""

    method = models.CharField(max_length=20, choices=Method.choices, unique=True)
    is_enabled = models.BooleanField(default=False)
    mode = models.CharField(max_length=10, choices=AccountMode.choices, default=AccountMode.OWN)
    sub_merchant_id = models.CharField(max_length=64, blank=True,
                                       help_text="In partner mode: the company's id under the platform's account.")
    sealed_credentials = models.TextField(blank=True, help_text="Fernet token of the credentials (JSON).")
    credentials_changed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.method} ({'on' if self.is_enabled else 'off'})"


# -- money received and returned ------------------------------------------------------------------

class PaymentKind(models.TextChoices):
    FULL = "full", _("Full payment")
    DEPOSIT = "deposit", _("Deposit")
    BALANCE = "balance", _("Balance")


class PaymentStatus(models.TextChoices):
    CREATED = "created", _("Created")
    PENDING = "pending", _("Payment processing")
    SUCCEEDED = "succeeded", _("Paid")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    REFUNDED = "refunded", _("Refunded")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partly refunded")


# The states in which the money arrived (whatever was refunded since).
RECEIVED_STATES = (PaymentStatus.SUCCEEDED, PaymentStatus.REFUNDED, PaymentStatus.PARTIALLY_REFUNDED)


class Payment(models.Model):
    """One attempt to take money for an order at a provider. The order is named by id: payments sits
    below orders in the layers and holds no foreign key upward."""

    order_id = models.IntegerField(db_index=True)
    kind = models.CharField(max_length=10, choices=PaymentKind.choices)
    method = models.CharField(max_length=20)  # a Method value, or "sandbox"
    provider = models.CharField(max_length=20)  # the adapter's name (registry.ADAPTERS)
    amount_fen = models.BigIntegerField()
    refunded_fen = models.BigIntegerField(default=0)  # refunds asked for and not failed
    currency = models.CharField(max_length=3, default="CNY")
    status = models.CharField(max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.CREATED)
    reference = models.CharField(max_length=64, unique=True)  # ours (out_trade_no)
    provider_payment_id = models.CharField(max_length=100, blank=True)
    redirect_url = models.URLField(max_length=1000, blank=True)
    created_by_id = models.IntegerField(null=True, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(condition=Q(refunded_fen__gte=0) & Q(refunded_fen__lte=models.F("amount_fen")),
                                   name="payment_refunds_within_amount"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} ({self.status})"

    @property
    def refundable_fen(self) -> int:
        return self.amount_fen - self.refunded_fen if self.status in RECEIVED_STATES else 0


class RefundStatus(models.TextChoices):
    PENDING = "pending", _("Refund processing")
    SUCCEEDED = "succeeded", _("Refunded")
    FAILED = "failed", _("Refund failed")


class Refund(models.Model):
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    amount_fen = models.BigIntegerField()
    reason = models.CharField(max_length=300)
    status = models.CharField(max_length=10, choices=RefundStatus.choices, default=RefundStatus.PENDING)
    reference = models.CharField(max_length=64, unique=True)  # ours (out_refund_no)
    provider_refund_id = models.CharField(max_length=100, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)  # handed to the provider
    settled_at = models.DateTimeField(null=True, blank=True)
    actor_id = models.IntegerField(null=True, blank=True)
    actor_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(amount_fen__gt=0), name="refund_amount_positive")]

    def __str__(self) -> str:
        return f"{self.reference} ({self.status})"


class EventOutcome(models.TextChoices):
    PROCESSED = "processed", _("Processed")
    DUPLICATE = "duplicate", _("Duplicate event")
    ALREADY_SETTLED = "already_settled", _("Payment already settled")
    REJECTED_SIGNATURE = "rejected_signature", _("Bad signature")
    STALE = "stale", _("Stale timestamp")
    MALFORMED = "malformed", _("Malformed")
    WRONG_AMOUNT = "wrong_amount", _("Wrong amount or currency")
    UNKNOWN_ORDER = "unknown_order", _("Unknown payment")
    LATE_REFUNDED = "late_refunded", _("Paid too late: refunded")
    IGNORED = "ignored", _("Ignored")


class ProviderEvent(models.Model):
    """Every notification that reached us, whatever became of it. The row that claims an event id
    (`claims_event`) is unique per provider: an event is processed once; copies and refusals are
    recorded beside it without claiming (a forged copy must not block the real one)."""

    provider = models.CharField(max_length=20)
    event_id = models.CharField(max_length=100, blank=True)
    claims_event = models.BooleanField(default=False)
    kind = models.CharField(max_length=30, blank=True)
    reference = models.CharField(max_length=64, blank=True)
    amount_fen = models.BigIntegerField(null=True, blank=True)
    body_sha256 = models.CharField(max_length=64)
    outcome = models.CharField(max_length=20, choices=EventOutcome.choices)
    detail = models.CharField(max_length=300, blank=True)
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    refund = models.ForeignKey(Refund, on_delete=models.PROTECT, null=True, blank=True, related_name="events")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["provider", "event_id"], condition=Q(claims_event=True),
                                               name="provider_event_processed_once")]

    def __str__(self) -> str:
        return f"{self.provider}:{self.event_id} {self.outcome}"


# -- money events for the company's own systems (webhooks out) -----------------------------------

class WebhookEndpoint(models.Model):
    """Where the company's own systems take our money events. The signing secret is sealed at rest
    (shared_apps.core.sealing) and shown once, when it is made."""

    url = models.URLField(max_length=500)
    sealed_secret = models.TextField()
    secret_ends_with = models.CharField(max_length=4)
    is_active = models.BooleanField(default=True)
    created_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.url


class MoneyEventKind(models.TextChoices):
    PAYMENT_SUCCEEDED = "payment.succeeded", _("Payment succeeded")
    REFUND_SUCCEEDED = "refund.succeeded", _("Refund succeeded")
    REFUND_FAILED = "refund.failed", _("Refund failed")
    WITHDRAWAL_PAID = "withdrawal.paid", _("Withdrawal paid")
    WITHDRAWAL_FAILED = "withdrawal.failed", _("Withdrawal failed")


class MoneyEvent(models.Model):
    """The outbox: one money event, written in the transaction that moved the money, with the exact
    body every delivery sends (retries send the same bytes, signed afresh)."""

    event_id = models.CharField(max_length=40, unique=True)
    kind = models.CharField(max_length=30, choices=MoneyEventKind.choices)
    body = models.TextField()
    actor_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.event_id}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Gave up")


class WebhookDelivery(models.Model):
    """One event to one endpoint, retried with backoff until a 2xx or WEBHOOK_MAX_ATTEMPTS."""

    event = models.ForeignKey(MoneyEvent, on_delete=models.CASCADE, related_name="deliveries")
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due")]
        constraints = [models.UniqueConstraint(fields=["event", "endpoint"], name="webhook_delivery_once")]

    def __str__(self) -> str:
        return f"{self.event_id} to {self.endpoint_id} ({self.status})"


class WebhookAttempt(models.Model):
    """One try of a delivery: what the receiver answered (or why it could not be reached)."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"attempt on {self.delivery_id}: {self.status_code or self.error}"
