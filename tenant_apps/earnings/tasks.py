"""Celery entry points of earnings: settlement, a beat job that fans out over companies."""
import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task
def settle_earnings() -> int:
    """Beat, hourly: in each company, earnings past its settlement days become available."""
    from django_tenants.utils import schema_context

    from shared_apps.core.actor import SYSTEM
    from tenants.selectors import companies

    from .services.earning import settle_due_earnings

    total = 0
    for schema_name in companies().order_by("pk").values_list("schema_name", flat=True):
        try:
            with schema_context(schema_name):
                total += settle_due_earnings(actor=SYSTEM)
        except Exception:  # one company's failure must not hold back the others' settlement
            logger.exception("settlement failed in %s", schema_name)
    return total
