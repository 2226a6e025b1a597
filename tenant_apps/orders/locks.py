"""Row locks of orders, taken before anything else of the order (order, then its move requests, then
its assignments through scheduling's services; see the lock order in docs/decisions.md)."""
from __future__ import annotations

from .models import DispatchSettings, Order, RescheduleRequest, RescheduleStatus


def lock_order(order_id: int) -> Order:
    """The order, locked until the end of the transaction (expects to run in one)."""
    return Order.objects.select_for_update().get(pk=order_id)


def lock_orders(order_ids) -> list[Order]:
    """Many orders, locked in primary-key order (the order two batches take them in, so they never
    wait for each other in a circle), with their service. Expects to run in a transaction."""
    return list(Order.objects.select_for_update(of=("self",)).select_related("service")
                .filter(pk__in=sorted(set(order_ids))).order_by("pk"))


def lock_reschedule_request(request_id: int) -> RescheduleRequest:
    """Expects the order's lock: the order is always locked first."""
    return RescheduleRequest.objects.select_for_update().get(pk=request_id)


def lock_pending_reschedule_requests(order_id: int) -> list[RescheduleRequest]:
    """The order's open move requests, in primary-key order. Expects the order's lock."""
    return list(RescheduleRequest.objects.select_for_update()
                .filter(order_id=order_id, status=RescheduleStatus.PENDING).order_by("pk"))


def lock_order_if_any(*, order_id: int) -> Order | None:
    """The order locked, or None when there is no such order. Payments takes it before a payment's
    lock (registered in OrdersConfig.ready: the lock order is order, then payment, then ledger)."""
    return Order.objects.select_for_update().filter(pk=order_id).first()


def lock_dispatch_settings() -> DispatchSettings:
    """The company's dispatch settings row, written first when missing, then locked."""
    DispatchSettings.objects.get_or_create(pk=1)
    return DispatchSettings.objects.select_for_update().get(pk=1)
