"""Celery entry points of tenants."""
from celery import shared_task


@shared_task
def refill_spare_schemas() -> int:
    from .provisioning import refill_spares

    return refill_spares()
