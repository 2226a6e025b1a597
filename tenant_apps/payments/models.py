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
