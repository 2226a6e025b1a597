"""Row locks of orders, taken before anything else of the order (order, then its assignments)."""
from __future__ import annotations

from .models import Order, RescheduleRequest


def lock_order(order_id: int) -> Order:
    """The order, locked until the end of the transaction (expects to run in one)."""
    return Order.objects.select_for_update().get(pk=order_id)


def lock_reschedule_request(request_id: int) -> RescheduleRequest:
    """Expects the order's lock: the order is always locked first."""
    return RescheduleRequest.objects.select_for_update().get(pk=request_id)
