"""The first response to a request made with an Idempotency-Key, kept to be replayed."""
from django.db import models


class IdempotentRequest(models.Model):
    """One key of one caller in this schema (the company): what was asked and what was answered.

    The row is inserted in the same transaction that runs the view, so it exists (for other
    connections) exactly when the view's writes do: a crash or a 5xx leaves neither behind."""

    user_id = models.BigIntegerField(help_text="The caller (0: anonymous). Not a foreign key: rows outlive users.")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=2000)
    fingerprint = models.CharField(max_length=64, help_text="sha256 of method, path and the canonical body.")
    status_code = models.PositiveSmallIntegerField()
    content = models.BinaryField()
    content_type = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=2000, blank=True)
    expires_at = models.DateTimeField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user_id", "key"], name="one_request_per_caller_key")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key} -> {self.status_code}"
