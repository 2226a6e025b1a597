"""What each worker's visits were, as the credit score reads them (tenant_apps.quality): when the
visit was due, when the worker arrived and finished, who the customer was, and the visits the worker
dropped after accepting or never came to. Two set-wise queries for the whole company, times as epoch
seconds: the nightly recompute reads 1,000 workers × 200 visits at once, and parsing 600,000
timestamps into datetimes would take longer than all the scoring (benchmark credit_recompute_s)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db import connection

from .models import ExceptionKind, OrderStatus

DONE = (OrderStatus.COMPLETED, OrderStatus.REVIEWED, OrderStatus.DISPUTED, OrderStatus.REFUNDED)


@dataclass(slots=True)
class VisitFact:
    """One visit of one worker; times in epoch seconds. `rating` and `reason` are filled by the reader
    that knows the reviews (the quality app), not here."""

    order_id: int
    worker_id: int
    rater: int  # the customer's id
    starts_at: float
    arrived_at: float | None = None
    finished_at: float | None = None
    cancelled_by_worker: bool = False
    no_show: bool = False
    rating: int | None = None
    reason: str = ""


_VISITS = """
SELECT o.id, o.worker_id, o.customer_id, extract(epoch FROM o.starts_at)::float8, o.status,
       extract(epoch FROM e.arrived)::float8, extract(epoch FROM e.finished)::float8, x.order_id IS NOT NULL
  FROM orders_order o
  LEFT JOIN (SELECT order_id, min(created_at) FILTER (WHERE action = 'arrive') AS arrived,
                    min(created_at) FILTER (WHERE action = 'complete') AS finished
               FROM orders_orderevent WHERE action IN ('arrive', 'complete') GROUP BY order_id) e ON e.order_id = o.id
  LEFT JOIN (SELECT DISTINCT order_id FROM orders_orderexception WHERE kind = %s) x
         ON x.order_id = o.id
 WHERE o.starts_at >= %s AND o.worker_id IS NOT NULL AND (o.status = ANY(%s) OR o.status = %s)
"""
# A visit dropped after accepting: the decline event names the worker (the order has moved on).
_DROPS = """
SELECT o.id, (ev.data->>'worker')::bigint, o.customer_id, extract(epoch FROM o.starts_at)::float8
  FROM orders_orderevent ev JOIN orders_order o ON o.id = ev.order_id
 WHERE o.starts_at >= %s AND ev.action = 'decline' AND ev.from_status = %s AND ev.data ? 'worker'
"""


def visit_facts(*, since: datetime) -> dict[int, list[VisitFact]]:
    """Worker id -> their visits due since `since`: done, dropped after accepting, or not come to
    (cancelled after a late-arrival alert with no arrival)."""
    by_worker: dict[int, list[VisitFact]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(_VISITS, [ExceptionKind.LATE_ARRIVAL.value, since, [str(status) for status in DONE],
                                 OrderStatus.CANCELLED])
        for pk, worker_id, customer_id, starts_at, status, arrived, finished, alerted in cursor.fetchall():
            if status != OrderStatus.CANCELLED:
                by_worker[worker_id].append(VisitFact(pk, worker_id, customer_id, starts_at, arrived, finished))
            elif alerted and arrived is None:
                by_worker[worker_id].append(VisitFact(pk, worker_id, customer_id, starts_at, no_show=True))
        cursor.execute(_DROPS, [since, OrderStatus.ACCEPTED])
        for pk, worker_id, customer_id, starts_at in cursor.fetchall():
            by_worker[worker_id].append(VisitFact(pk, worker_id, customer_id, starts_at, cancelled_by_worker=True))
    return by_worker
