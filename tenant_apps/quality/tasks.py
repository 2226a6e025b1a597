"""Celery entry points of quality: the nightly credit score recompute (fans out over companies) and
one worker's recompute after an event that moves their score."""
import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task
def recompute_credit_scores() -> int:
    """Beat, nightly: every company's workers' scores, each company on its own (one company's
    failure must not leave the others' scores stale)."""
    from django_tenants.utils import schema_context

    from shared_apps.core.actor import SYSTEM
    from tenants.selectors import companies

    from .services.credit import recompute_credit_scores as recompute

    total = 0
    for schema_name in companies().order_by("pk").values_list("schema_name", flat=True):
        try:
            with schema_context(schema_name):
                total += recompute(actor=SYSTEM)
        except Exception:
            logger.exception("credit score recompute failed in %s", schema_name)
    return total


@shared_task
def recompute_worker_credit_score(worker_id: int) -> int:
    """After a rating, an upheld complaint or a dropped visit: that worker's score, now. Runs in the
    enqueuing company's schema (tenant-schemas-celery)."""
    from shared_apps.core.actor import SYSTEM

    from .services.credit import recompute_credit_scores as recompute

    return recompute(actor=SYSTEM, worker_ids=[worker_id])
