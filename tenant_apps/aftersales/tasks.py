"""Celery entry points of after-sales: beat jobs that fan out over companies, one schema at a time."""
from celery import shared_task


@shared_task
def flag_sla_breaches() -> int:
    """Beat, every minute: SLA clocks of after-sales cases whose budget ran out."""
    from django_tenants.utils import schema_context

    from shared_apps.core.actor import SYSTEM
    from tenants.selectors import companies

    from .services.deadlines import flag_breaches

    total = 0
    for schema_name in companies().order_by("pk").values_list("schema_name", flat=True):
        with schema_context(schema_name):
            total += flag_breaches(actor=SYSTEM)
    return total
