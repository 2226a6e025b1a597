"""The outbox (what must reach people, written in the transaction that caused it) and the in-app
inbox (what reached them). Public tables keyed by the global user; company rows are named by
(company_id, local id), never by foreign key."""
from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    INBOX = "inbox", _("In-app")
    SMS = "sms", _("SMS")
    EMAIL = "email", _("Email")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")


class Outbox(models.Model):
    """One message to one user, delivered by Celery after the writing transaction commits.

    Delivery locks the row and does nothing once it is delivered, so a task that runs twice (a
    retry, a redelivery by the sweeper, a lost acknowledgement) sends nothing twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # Whose action sent it (empty: the system); the message itself is the record of the sending.
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")
    company_id = models.BigIntegerField(null=True, blank=True)
    schema_name = models.CharField(max_length=63, blank=True)
    kind = models.CharField(max_length=60)
    channels = ArrayField(models.CharField(max_length=10, choices=Channel.choices), default=list)
    context = models.JSONField(default=dict, blank=True)
    # An event may ask for one message per key (a reminder per order and kind): a second one is not written.
    dedupe_key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    status = models.CharField(max_length=20, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "created_at"], name="outbox_pending")]

    def __str__(self) -> str:
        return f"{self.kind} to {self.user_id} ({self.status})"


class Notification(models.Model):
    """A message in a user's inbox, shown by every host (the worker app lists all companies')."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    company_id = models.BigIntegerField(null=True, blank=True)
    outbox = models.OneToOneField(Outbox, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    kind = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="notification_inbox")]

    def __str__(self) -> str:
        return self.title
