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
