"""Reads of people's commitments, for other companies' availability: busy periods only."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db.backends.postgresql.psycopg_any import DateTimeTZRange
from django.db.models import Q, QuerySet

from shared_apps.core.queries import any_of

from .models import Commitment


def busy_elsewhere(*, user_ids: Iterable[int], company_id: int, start: datetime, end: datetime,
                   now: datetime) -> list[tuple[int, datetime, datetime]]:
    """(user id, start, end) of these people's live commitments in OTHER companies overlapping
    [start, end): plain busy time, never where or what."""
    ids = sorted(set(user_ids))
    if not ids:
        return []
    rows = busy_elsewhere_rows(user_ids=ids, company_id=company_id, start=start, end=end, now=now)
    return [(user_id, period.lower, period.upper) for user_id, period in rows]


def busy_elsewhere_rows(*, user_ids: Iterable[int], company_id: int, start: datetime, end: datetime,
                        now: datetime) -> QuerySet[Commitment]:
    """busy_elsewhere's query, not yet run: (user id, period) rows (for a caller that sends it
    together with other queries)."""
    return (Commitment.objects.filter(any_of("user_id", user_ids), period__overlap=DateTimeTZRange(start, end))
            .exclude(company_id=company_id).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
            .order_by("user_id", "period").values_list("user_id", "period"))
