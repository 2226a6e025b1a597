"""One change-log row per action a write service took (the audit trail of every schema)."""
from django.conf import settings
from django.db import models


class Change(models.Model):
    """Who (a user, or the system when `actor` is empty) did `action` to `target_id`, when and why.

    `action` is "<thing>.<verb>" ("variant.changed", "company.suspended"); `data` holds what changed.
    In a company schema the actor points at the global user (a company table may point at a public
    one); the public table never points into a company."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    actor_name = models.CharField(max_length=150, blank=True, help_text="Kept when the user is gone; 'system'.")
    action = models.CharField(max_length=60, db_index=True)
    target_id = models.BigIntegerField(null=True, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["action", "target_id"], name="change_action_target")]

    def __str__(self) -> str:
        return f"{self.action} {self.target_id}"
