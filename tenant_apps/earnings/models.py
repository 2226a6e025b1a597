"""Commission rules, each completed order's worker earning, and withdrawal requests. Amounts are
integer fen; balances live in the ledger (tenant_apps.ledger), these rows say why money moved."""
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ShareKind(models.TextChoices):
    PERCENT = "percent", _("Percentage")
    FIXED = "fixed", _("Fixed amount (yuan)")


class EarningSettings(models.Model):
    """One row (id 1); defaults when never written: the worker keeps 70 %, settled after 7 days,
    withdrawals from 10 yuan up to 5,000 yuan a day."""

    share_kind = models.CharField(max_length=10, choices=ShareKind.choices, default=ShareKind.PERCENT)
    share_percent = models.PositiveSmallIntegerField(default=70, validators=[MaxValueValidator(100)])
    share_fixed = models.PositiveIntegerField(default=0, help_text="Fen, when the default share is fixed.")
    settlement_days = models.PositiveSmallIntegerField(default=7, validators=[MaxValueValidator(90)])
    withdrawal_minimum = models.PositiveIntegerField(default=1000, help_text="Fen.")
    withdrawal_daily_limit = models.PositiveIntegerField(default=500000, help_text="Fen, per worker per day.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="earning_settings_single_row"),
            models.CheckConstraint(condition=Q(share_percent__lte=100), name="earning_settings_percent_max_100"),
            models.CheckConstraint(condition=Q(settlement_days__lte=90), name="earning_settings_days_max_90"),
        ]

    def __str__(self) -> str:
        return "earning settings"


class CommissionRule(models.Model):
    """The worker's share for one service and/or one worker level; the most specific rule wins
    (service and level, then service, then level), else the company default."""

    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    worker_level = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MinValueValidator(1)])
    share_kind = models.CharField(max_length=10, choices=ShareKind.choices)
    share_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    share_fixed = models.PositiveIntegerField(null=True, blank=True, help_text="Fen.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["service_id", "worker_level", "id"]
        constraints = [
            models.UniqueConstraint(fields=["service", "worker_level"], nulls_distinct=False,
                                    name="commission_rule_once"),
            models.CheckConstraint(condition=Q(service__isnull=False) | Q(worker_level__isnull=False),
                                   name="commission_rule_names_service_or_level"),
            models.CheckConstraint(
                condition=(Q(share_kind="percent", share_percent__gte=0, share_percent__lte=100)
                           | Q(share_kind="fixed", share_fixed__gte=0)),
                name="commission_rule_share_valid"),
        ]

    def __str__(self) -> str:
        return f"rule {self.service_id or '*'}/{self.worker_level or '*'}"


class EarningStatus(models.TextChoices):
    AWAITING_FUNDS = "awaiting_funds", _("Waiting for the payment")
    PENDING = "pending", _("Pending settlement")
    SETTLED = "settled", _("Settled")


class Earning(models.Model):
    """A completed order's money for its worker: the share by the rules, and the tip. One per order."""

    order_id = models.BigIntegerField(unique=True)
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    order_total = models.IntegerField()
    share = models.IntegerField(help_text="Fen.")
    tip = models.IntegerField(default=0, help_text="Fen, passed to the worker in full.")
    status = models.CharField(max_length=20, choices=EarningStatus.choices)
    completed_at = models.DateTimeField()
    settled_at = models.DateTimeField(null=True, blank=True)
    settled_amount = models.IntegerField(default=0, help_text="Fen made available so far (share and tips).")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-completed_at", "-id"]
        indexes = [models.Index(fields=["status", "completed_at"], name="earning_due"),
                   models.Index(fields=["worker", "completed_at"], name="earning_of_worker")]
        constraints = [models.CheckConstraint(condition=Q(share__gte=0, tip__gte=0), name="earning_not_negative")]

    def __str__(self) -> str:
        return f"earning of order {self.order_id}"


class PayoutMethod(models.TextChoices):
    BANK_CARD = "bank_card", _("Bank card")
    ALIPAY = "alipay", _("Alipay")
    WECHAT = "wechat", _("WeChat balance")


class WithdrawalStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for review")
    IN_TRANSIT = "in_transit", _("Approved, transfer in progress")
    PAID = "paid", _("Transferred")
    FAILED = "failed", _("Transfer failed")
    REJECTED = "rejected", _("Rejected")


OPEN_WITHDRAWALS = (WithdrawalStatus.REQUESTED, WithdrawalStatus.IN_TRANSIT, WithdrawalStatus.PAID)


class Withdrawal(models.Model):
    """A worker's request to be paid their available balance. The account number is sealed at rest
    (shown masked); the money is in transit in the ledger from the request on."""

    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    amount = models.PositiveIntegerField(help_text="Fen.")
    method = models.CharField(max_length=20, choices=PayoutMethod.choices)
    payee_name = models.CharField(max_length=60)
    sealed_account = models.TextField(help_text="The account number or id, sealed (shared_apps.core.sealing).")
    status = models.CharField(max_length=20, choices=WithdrawalStatus.choices, default=WithdrawalStatus.REQUESTED)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+")
    reviewed_by_name = models.CharField(max_length=150, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reject_reason = models.CharField(max_length=300, blank=True)
    provider = models.CharField(max_length=30, blank=True)
    provider_transfer_id = models.CharField(max_length=100, blank=True)
    failure_reason = models.CharField(max_length=300, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["worker", "created_at"], name="withdrawal_of_worker"),
                   models.Index(fields=["status", "created_at"], name="withdrawal_queue")]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="withdrawal_amount_positive")]

    def __str__(self) -> str:
        return f"withdrawal {self.pk}"

    @property
    def reference(self) -> str:
        """Our transfer reference at the provider (out_biz_no): unique per company schema."""
        return f"WD{self.pk:010d}"
