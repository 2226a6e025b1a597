"""Recomputing workers' credit scores: nightly for the whole company (beat) and for one worker after
something that moves their score."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from tenant_apps.orders.visit_facts import visit_facts
from tenant_apps.workforce.credit import ComputedScore, scored_worker_ids, store_credit_scores

from . import scoring
from .selectors import ratings_of_orders, standing_of_workers


def recompute_credit_scores(*, actor: Any, now: datetime | None = None,
                            worker_ids: Iterable[int] | None = None) -> int:
    """Score every worker of the company (or those given) from their visits in the window; store the
    scores with their components. Company norms (mean rating, harsh raters) are always read over
    the whole company, so one worker's recompute judges them as the nightly run does."""
    now = now or timezone.now()
    since = now - timedelta(days=scoring.WINDOW_DAYS)
    ids = list(worker_ids) if worker_ids is not None else scored_worker_ids()
    if not ids:
        return 0
    everyone = visit_facts(since=since)
    ratings = ratings_of_orders([f.order_id for facts in everyone.values() for f in facts])
    visits = {worker_id: [_visit(f, ratings.get(f.order_id)) for f in facts] for worker_id, facts in everyone.items()}
    norms = scoring.company_norms(v for rows in visits.values() for v in rows)
    standing = standing_of_workers(ids, now=now)
    scores = []
    for worker_id in ids:
        result = scoring.score_worker(visits.get(worker_id, ()), standing.get(worker_id, scoring.Standing()), norms,
                                      now=now)
        scores.append(ComputedScore(worker_id=worker_id, score=result.score, components=result.as_json(),
                                    version=result.version, visits=result.visits_in_window))
    return store_credit_scores(actor=actor, scores=scores, computed_at=now)


def _visit(fact, rating) -> scoring.Visit:
    overall, reason = rating if rating else (None, "")
    return scoring.Visit(order_id=fact.order_id, starts_at=fact.starts_at, finished_at=fact.finished_at,
                         rating=overall, reason=reason, rater=fact.customer_id, arrived_at=fact.arrived_at,
                         cancelled_by_worker=fact.cancelled_by_worker, no_show=fact.no_show)
