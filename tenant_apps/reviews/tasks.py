"""Celery entry points of reviews: the reminder beat job, fanned out over companies."""
from celery import shared_task


@shared_task
def send_review_reminders() -> int:
    """Beat, hourly: remind customers of unreviewed visits on day 3 and day 10 after completion."""
    from django_tenants.utils import schema_context

    from shared_apps.core.actor import SYSTEM
    from tenants.selectors import companies

    from .services import send_review_reminders as remind

    total = 0
    for schema_name in companies().order_by("pk").values_list("schema_name", flat=True):
        with schema_context(schema_name):
            total += remind(actor=SYSTEM)
    return total
