"""Row locks of the outbox (public schema). Each expects a transaction."""
from __future__ import annotations

from .models import Outbox, OutboxStatus


def lock_outbox_row(outbox_id: int) -> Outbox | None:
    """The outbox row with its user, or None when it is gone."""
    return Outbox.objects.select_for_update().select_related("user").filter(pk=outbox_id).first()


def lock_pending_outbox_row(outbox_id: int) -> Outbox | None:
    """The outbox row while it is still pending, or None."""
    return Outbox.objects.select_for_update().filter(pk=outbox_id, status=OutboxStatus.PENDING).first()
