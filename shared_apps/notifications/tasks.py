"""Celery entry points of notifications: deliver one outbox row; sweep rows whose task was lost."""
from celery import shared_task

MAX_RETRIES = 5


@shared_task(bind=True, max_retries=MAX_RETRIES, acks_late=True)
def deliver_outbox(self, outbox_id: int) -> bool:
    from shared_apps.core.actor import SYSTEM

    from .services import deliver_outbox_message, record_delivery_failure

    try:
        return deliver_outbox_message(outbox_id=outbox_id)
    except Exception as exc:
        final = self.request.retries >= MAX_RETRIES
        record_delivery_failure(actor=SYSTEM, outbox_id=outbox_id, error=repr(exc), final=final)
        if final:
            raise
        raise self.retry(exc=exc, countdown=2 ** self.request.retries) from exc


@shared_task(acks_late=True)
def deliver_outbox_batch(outbox_ids: list[int]) -> int:
    """Many rows written together (notify_each): each delivered as deliver_outbox delivers it; one
    that fails is handed to its own deliver_outbox task, with that task's retries, and the others go
    on. One broker message instead of one per row (a batch of 500 offers spent seconds in them)."""
    from .services import deliver_outbox_message

    delivered = 0
    for outbox_id in outbox_ids:
        try:
            delivered += deliver_outbox_message(outbox_id=outbox_id)
        except Exception:  # noqa: BLE001 - retried on its own
            deliver_outbox.delay(outbox_id)
    return delivered


@shared_task
def sweep_outbox(older_than_seconds: int = 120) -> int:
    """Beat: hand pending rows older than a couple of minutes to Celery again (their task was lost
    with a dead worker or a broker outage). Delivery is idempotent, so a duplicate is harmless."""
    from datetime import timedelta

    from django.utils import timezone

    from .models import Outbox, OutboxStatus

    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    ids = list(Outbox.objects.filter(status=OutboxStatus.PENDING, created_at__lt=cutoff)
               .values_list("pk", flat=True)[:1000])
    for pk in ids:
        deliver_outbox.delay(pk)
    return len(ids)
