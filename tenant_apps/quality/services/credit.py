"""Recomputing workers' credit scores: nightly for the whole company (beat) and for one worker after
something that moves their score."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from tenant_apps.orders.visit_facts import visit_facts
from tenant_apps.workforce.credit import ComputedScore, scored_worker_ids, store_credit_scores

from .. import scoring
from ..selectors import ratings_of_orders, standing_of_workers


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
    visits = visit_facts(since=since)
    ratings = ratings_of_orders(since=since)
    for facts in visits.values():
        for fact in facts:
            if fact.order_id in ratings:
                fact.rating, fact.reason = ratings[fact.order_id]
    norms = scoring.company_norms(v for rows in visits.values() for v in rows)
    standing = standing_of_workers(ids, now=now)
    scores = []
    epoch = now.timestamp()
    for worker_id in ids:
        result = scoring.score_worker(visits.get(worker_id, ()), standing.get(worker_id, scoring.Standing()), norms,
                                      now=epoch)
        scores.append(ComputedScore(worker_id=worker_id, score=result.score, components=result.as_json(),
                                    version=result.version, visits=result.visits_in_window))
    return store_credit_scores(actor=actor, scores=scores, computed_at=now)

