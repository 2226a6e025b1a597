"""Workers' credit scores as workforce keeps them: stored by the quality app's recompute, read by
dispatch and the worker's score page. The arithmetic lives in tenant_apps.quality.scoring."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from shared_apps.changes.services import record_change

from .models import CreditScore


@dataclass(frozen=True)
class ComputedScore:
    worker_id: int
    score: float
    components: dict
    version: str
    visits: int


def store_credit_scores(*, actor: Any, scores: Iterable[ComputedScore], computed_at: datetime) -> int:
    """Write each worker's new score, keeping the one before it (the page shows the trend). One
    change row for the batch: a nightly run of 1,000 workers is one event, with the count."""
    scores = list(scores)
    if not scores:
        return 0
    with transaction.atomic():
        before = dict(CreditScore.objects.filter(worker_id__in=[s.worker_id for s in scores])
                      .values_list("worker_id", "score"))
        CreditScore.objects.bulk_create(
            [CreditScore(worker_id=s.worker_id, score=Decimal(str(s.score)), previous_score=before.get(s.worker_id),
                         components=s.components, version=s.version, visits=s.visits, computed_at=computed_at)
             for s in scores],
            update_conflicts=True, unique_fields=["worker"],
            update_fields=["score", "previous_score", "components", "version", "visits", "computed_at",
                           "updated_at"],
        )
        record_change(actor=actor, action="credit_score.recomputed",
                      target_id=scores[0].worker_id if len(scores) == 1 else None,
                      data={"workers": len(scores), "version": scores[0].version})
    return len(scores)


def credit_scores_of(worker_ids: Iterable[int]) -> Mapping[int, float]:
    """Worker id -> score (0..100) for those who have one."""
    return {worker_id: float(score) for worker_id, score in
            CreditScore.objects.filter(worker_id__in=list(worker_ids)).values_list("worker_id", "score")}


def credit_score_of(worker_id: int) -> CreditScore | None:
    return CreditScore.objects.filter(worker_id=worker_id).first()


def scored_worker_ids() -> list[int]:
    """The workers whose score is kept: every worker profile of the company, active or not (a
    suspended worker's score still explains the suspension)."""
    from .models import WorkerProfile

    return list(WorkerProfile.objects.values_list("pk", flat=True))


def worker_id_of_user(user) -> int | None:
    from .models import WorkerProfile

    return WorkerProfile.objects.filter(staff_member__user_id=user.pk).values_list("pk", flat=True).first()


def set_dispatch_reduced(*, actor: Any, worker_id: int, reduced: bool) -> None:
    """A "reduced dispatch" sanction comes into force (or is overturned): dispatch ranks the worker
    below everyone else while it holds."""
    from .locks import lock_worker

    with transaction.atomic():
        worker = lock_worker(worker_id)
        if worker.dispatch_reduced == reduced:
            return
        worker.dispatch_reduced = reduced
        worker.save(update_fields=["dispatch_reduced", "updated_at"])
        record_change(actor=actor, action="worker.dispatch_reduced" if reduced else "worker.dispatch_restored",
                      target_id=worker_id)


# The score is computed by tenant_apps.quality, a layer above the apps whose events move it (reviews,
# after-sales): they ask for a worker's score again by task name, once their transaction commits.
RESCORE_TASK = "tenant_apps.quality.tasks.recompute_worker_credit_score"


def request_rescore(worker_id: int | None) -> None:
    if worker_id is not None:
        from celery import current_app

        transaction.on_commit(lambda: current_app.send_task(RESCORE_TASK, args=[worker_id]))


def scores_with_people() -> list[tuple[int, float, int]]:
    """(user id, score, visits) of every scored worker of the company: what the platform score reads."""
    return [(user_id, float(score), visits) for user_id, score, visits in CreditScore.objects.values_list(
        "worker__staff_member__user_id", "score", "visits")]
