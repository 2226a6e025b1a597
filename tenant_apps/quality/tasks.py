"""Celery entry points of quality: the nightly credit score recompute (fans out over companies) and
one worker's recompute after an event that moves their score."""
import logging

from celery import shared_task

logger = logging.getLogger(__name__)


@shared_task
def recompute_credit_scores() -> int:
    """Beat, nightly: every company's workers' scores, each company on its own (one company's
    failure must not leave the others' scores stale), then each person's platform score from them."""
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from shared_apps.core.actor import SYSTEM
    from shared_apps.standing.services import store_platform_scores
    from tenant_apps.workforce.credit import scores_with_people
    from tenants.selectors import companies

    from .services.credit import recompute_credit_scores as recompute

    total, gathered = 0, []
    for schema_name in companies().order_by("pk").values_list("schema_name", flat=True):
        try:
            with schema_context(schema_name):
                total += recompute(actor=SYSTEM)
                gathered.extend(scores_with_people())
        except Exception:
            logger.exception("credit score recompute failed in %s", schema_name)
    store_platform_scores(actor=SYSTEM, company_scores=gathered, computed_at=timezone.now())
    return total


@shared_task
def recompute_worker_credit_score(worker_id: int) -> int:
    """After a rating, an upheld complaint or a dropped visit: that worker's score, now. Runs in the
    enqueuing company's schema (tenant-schemas-celery)."""
    from shared_apps.core.actor import SYSTEM

    from .services.credit import recompute_credit_scores as recompute

    return recompute(actor=SYSTEM, worker_ids=[worker_id])
