"""The sandbox gateway's own tables (public schema). The sandbox plays an outside payment service:
these rows are its records of merchants, payments, refunds, transfers and the notifications it sends,
not the platform's books (the ledger keeps those). A merchant row refers to a company by id only."""
from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def _new_id(prefix: str) -> str:
    return f"{prefix}_{secrets.token_hex(12)}"


def new_payment_id() -> str:
    return _new_id("sbp")


def new_refund_id() -> str:
    return _new_id("sbr")


def new_transfer_id() -> str:
    return _new_id("sbt")


class SandboxStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SUCCEEDED = "succeeded", _("Paid")
    FAILED = "failed", _("Failed")


class SandboxMerchant(models.Model):
    """A merchant account at the sandbox gateway; its secret signs the notifications it receives."""

    merchant_id = models.CharField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    company_id = models.BigIntegerField(null=True, blank=True)
    secret = models.CharField(max_length=128)  # sandbox only: a real gateway keeps this on its side
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.merchant_id


class SandboxPayment(models.Model):
    id = models.CharField(primary_key=True, max_length=40, default=new_payment_id, editable=False)
    merchant = models.ForeignKey(SandboxMerchant, on_delete=models.PROTECT, related_name="payments")
    reference = models.CharField(max_length=64)
    amount_fen = models.BigIntegerField()
    currency = models.CharField(max_length=3, default="CNY")
    description = models.CharField(max_length=256)
    notify_url = models.CharField(max_length=500)
    return_url = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=16, choices=SandboxStatus.choices, default=SandboxStatus.PENDING)
    behaviours = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["merchant", "reference"], name="sandbox_payment_reference_once"),
            models.CheckConstraint(condition=models.Q(amount_fen__gt=0), name="sandbox_payment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.id} {self.reference}"


class SandboxRefund(models.Model):
    id = models.CharField(primary_key=True, max_length=40, default=new_refund_id, editable=False)
    payment = models.ForeignKey(SandboxPayment, on_delete=models.PROTECT, related_name="refunds")
    reference = models.CharField(max_length=64)
    amount_fen = models.BigIntegerField()
    reason = models.CharField(max_length=256, blank=True)
    notify_url = models.CharField(max_length=500)
    status = models.CharField(max_length=16, choices=SandboxStatus.choices, default=SandboxStatus.PENDING)
    behaviours = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["payment", "reference"], name="sandbox_refund_reference_once"),
            models.CheckConstraint(condition=models.Q(amount_fen__gt=0), name="sandbox_refund_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.id} {self.reference}"


class SandboxTransfer(models.Model):
    id = models.CharField(primary_key=True, max_length=40, default=new_transfer_id, editable=False)
    merchant = models.ForeignKey(SandboxMerchant, on_delete=models.PROTECT, related_name="transfers")
    reference = models.CharField(max_length=64)
    amount_fen = models.BigIntegerField()
    payee_kind = models.CharField(max_length=16)
    payee_account = models.CharField(max_length=64)
    payee_name = models.CharField(max_length=100)
    description = models.CharField(max_length=256)
    notify_url = models.CharField(max_length=500)
    status = models.CharField(max_length=16, choices=SandboxStatus.choices, default=SandboxStatus.PENDING)
    failure_reason = models.CharField(max_length=200, blank=True)
    behaviours = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["merchant", "reference"], name="sandbox_transfer_reference_once"),
            models.CheckConstraint(condition=models.Q(amount_fen__gt=0), name="sandbox_transfer_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.id} {self.reference}"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "pending"
    DELIVERED = "delivered", "delivered"
    GAVE_UP = "gave_up", "gave up"


class SandboxDelivery(models.Model):
    """One notification to send. A repeat is another delivery of the same event (same event id and
    body, fresh timestamp, nonce and signature), as real gateways redeliver."""

    merchant = models.ForeignKey(SandboxMerchant, on_delete=models.PROTECT, related_name="deliveries")
    event_id = models.CharField(max_length=40, db_index=True)
    kind = models.CharField(max_length=32)
    subject_id = models.CharField(max_length=40, db_index=True)  # the payment, refund or transfer
    url = models.CharField(max_length=500)
    body = models.TextField()
    copy = models.PositiveSmallIntegerField(default=0)  # 0: the first delivery; 1, 2: repeats
    status = models.CharField(max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.event_id} #{self.copy}"


class SandboxDeliveryAttempt(models.Model):
    delivery = models.ForeignKey(SandboxDelivery, on_delete=models.CASCADE, related_name="attempt_rows")
    at = models.DateTimeField(auto_now_add=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.delivery_id} {self.status_code or self.error}"
