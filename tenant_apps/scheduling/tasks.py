"""Celery entry points of scheduling."""
from celery import shared_task


@shared_task
def purge_expired_holds() -> int:
    """Beat, every minute: delete expired holds in every company, one schema at a time. (Expired holds
    never block anyway: the engine ignores them and placing a hold deletes those in its way.)"""
    from django.conf import settings
    from django_tenants.utils import schema_context

    from shared_apps.core.actor import SYSTEM
    from tenants.models import Company

    from .services.holds import purge_expired_holds as purge

    purged = 0
    for schema_name in Company.objects.exclude(schema_name=settings.PUBLIC_SCHEMA_NAME).values_list(
            "schema_name", flat=True).order_by("pk"):
        with schema_context(schema_name):
            purged += purge(actor=SYSTEM)
    return purged
