"""What moving a visit costs (cancelling follows the service's policy: catalog.cancellation)."""
from __future__ import annotations

from datetime import datetime, timedelta

from .machine import Role
from .models import Order
from .selectors import order_settings


def reschedule_fee(*, order: Order, role: str, now: datetime) -> int:
    """The customer pays the company's percentage of the total when moving with less notice than its
    free window; a move the worker or the office asks for is free."""
    if role != Role.CUSTOMER:
        return 0
    settings = order_settings()
    if order.starts_at - now >= timedelta(hours=settings.free_reschedule_hours):
        return 0
    return (max(order.total, 0) * settings.reschedule_fee_percent + 50) // 100
