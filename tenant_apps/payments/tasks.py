"""Celery entry points of payments: the reconciliation beat, one company schema at a time."""
from celery import shared_task


@shared_task
def reconcile_payments() -> int:
    """Beat: ask providers about payments still pending after PAYMENT_RECONCILE_AFTER_MINUTES (a lost
    notification must not lose a payment) and hand over refunds a provider did not accept."""
    from django_tenants.utils import schema_context

    from shared_apps.core.actor import SYSTEM
    from tenants.selectors import companies

    from .checkout import reconcile_pending_payments
    from .refunds import resubmit_refunds

    total = 0
    for schema_name in companies().order_by("pk").values_list("schema_name", flat=True):
        with schema_context(schema_name):
            total += reconcile_pending_payments(actor=SYSTEM) + resubmit_refunds(actor=SYSTEM)
    return total


@shared_task(acks_late=True)
def deliver_money_event(schema_name: str, delivery_id: int) -> str:
    """One attempt of a money event's delivery; while it is still pending, the next attempt is
    scheduled after the backoff (30 s, 1 min, 2 min, ... by default)."""
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from .models import DeliveryStatus
    from .money_events import deliver_money_event as deliver

    with schema_context(schema_name):
        delivery = deliver(delivery_id=delivery_id)
        if delivery is None:
            return "gone"
        if delivery.status == DeliveryStatus.PENDING and delivery.next_attempt_at is not None:
            countdown = max((delivery.next_attempt_at - timezone.now()).total_seconds(), 0)
            deliver_money_event.apply_async(args=(schema_name, delivery_id), countdown=countdown)
        return str(delivery.status)


@shared_task
def sweep_money_events() -> int:
    """Beat: deliveries whose next attempt is overdue (the task was lost with a worker or the broker)
    are handed to Celery again. A duplicate attempt is harmless: receivers de-duplicate by event id."""
    from django_tenants.utils import schema_context

    from tenants.selectors import companies

    from .money_events import due_deliveries

    total = 0
    for schema_name in companies().order_by("pk").values_list("schema_name", flat=True):
        with schema_context(schema_name):
            for delivery_id in due_deliveries():
                deliver_money_event.delay(schema_name, delivery_id)
                total += 1
    return total
