"""What each worker's visits were, as the credit score reads them (tenant_apps.quality): when the
visit was due, when the worker arrived and finished, who the customer was, and the visits the worker
dropped after accepting or never came to. A few set-wise queries for the whole company: the nightly
recompute reads 1,000 workers × 200 visits at once."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Min, Q

from .models import ExceptionKind, Order, OrderEvent, OrderException, OrderStatus

DONE = (OrderStatus.COMPLETED, OrderStatus.REVIEWED, OrderStatus.DISPUTED, OrderStatus.REFUNDED)


@dataclass(frozen=True, slots=True)
class VisitFact:
    order_id: int
    worker_id: int
    customer_id: int
    starts_at: datetime
    arrived_at: datetime | None = None
    finished_at: datetime | None = None
    cancelled_by_worker: bool = False
    no_show: bool = False


def visit_facts(*, since: datetime, worker_ids: list[int] | None = None) -> dict[int, list[VisitFact]]:
    """Worker id -> their visits due since `since` (done, dropped after accepting, or not come to)."""
    scope = Q(starts_at__gte=since)
    orders = Order.objects.filter(scope)
    if worker_ids is not None:
        orders = orders.filter(Q(worker_id__in=worker_ids) | Q(events__action="decline",
                                                               events__data__worker__in=worker_ids)).distinct()
    times = {row["order_id"]: row for row in OrderEvent.objects.filter(
        order__starts_at__gte=since, action__in=("arrive", "complete")).values("order_id").annotate(
        arrived=Min("created_at", filter=Q(action="arrive")), finished=Min("created_at", filter=Q(action="complete")))}
    late = set(OrderException.objects.filter(order__starts_at__gte=since, kind=ExceptionKind.LATE_ARRIVAL)
               .values_list("order_id", flat=True))
    rows = list(orders.values_list("pk", "worker_id", "customer_id", "starts_at", "status"))
    by_worker: dict[int, list[VisitFact]] = defaultdict(list)
    for pk, worker_id, customer_id, starts_at, status in rows:
        if worker_id is None:
            continue
        t = times.get(pk, {})
        arrived = t.get("arrived")
        if status in DONE:
            by_worker[worker_id].append(VisitFact(pk, worker_id, customer_id, starts_at, arrived, t.get("finished")))
        elif status == OrderStatus.CANCELLED and pk in late and arrived is None:
            by_worker[worker_id].append(VisitFact(pk, worker_id, customer_id, starts_at, no_show=True))
    starts = {pk: (customer_id, starts_at) for pk, _w, customer_id, starts_at, _s in rows}
    dropped = OrderEvent.objects.filter(order__starts_at__gte=since, action="decline", from_status=OrderStatus.ACCEPTED)
    for order_id, worker_id in dropped.values_list("order_id", "data__worker"):
        if worker_id is None or (worker_ids is not None and worker_id not in worker_ids):
            continue
        if order_id not in starts:  # only when worker_ids narrows the orders, which it widens to their drops
            continue
        customer_id, starts_at = starts[order_id]
        by_worker[int(worker_id)].append(VisitFact(order_id, int(worker_id), customer_id, starts_at,
                                                   cancelled_by_worker=True))
    return by_worker
