"""Celery entry points of idempotency: the beat job that forgets expired answers in every schema."""
from celery import shared_task


@shared_task
def purge_expired_idempotency_keys() -> int:
    """Beat, hourly: delete stored answers past their lifetime, in public and in each company."""
    from django.conf import settings
    from django_tenants.utils import schema_context

    from tenants.selectors import companies

    from .keys import delete_expired_requests

    schemas = [settings.PUBLIC_SCHEMA_NAME, *companies().order_by("pk").values_list("schema_name", flat=True)]
    total = 0
    for schema_name in schemas:
        with schema_context(schema_name):
            total += delete_expired_requests()
    return total
