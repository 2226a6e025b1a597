"""Writing platform scores from the company scores gathered by the nightly run."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from shared_apps.changes.services import record_change

from .models import PlatformScore


def store_platform_scores(*, actor: Any, company_scores: Iterable[tuple[int, float, int]],
                          computed_at: datetime) -> int:
    """`company_scores`: (user id, company score, visits in its window), one per company the person
    works for. Each person's platform score is the mean of their company scores weighted by visits
    (a company where they did no visit still counts once, so a new worker is not scored by nothing)."""
    by_user: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for user_id, score, visits in company_scores:
        if user_id is not None:
            by_user[user_id].append((score, visits))
    rows = []
    for user_id, parts in by_user.items():
        weight = sum(max(1, visits) for _score, visits in parts)
        mean = sum(score * max(1, visits) for score, visits in parts) / weight
        rows.append(PlatformScore(user_id=user_id, score=Decimal(str(round(mean, 1))), companies=len(parts),
                                  visits=sum(visits for _score, visits in parts), computed_at=computed_at))
    with transaction.atomic():
        PlatformScore.objects.bulk_create(rows, update_conflicts=True, unique_fields=["user"],
                                          update_fields=["score", "companies", "visits", "computed_at",
                                                         "updated_at"])
        record_change(actor=actor, action="platform_score.recomputed", data={"people": len(rows)})
    return len(rows)
