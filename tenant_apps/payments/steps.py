"""Steps apps above payments take, in the same transaction, when money arrives or a refund is asked
for. Orders registers them in its AppConfig.ready (payments cannot import orders): it marks the order
paid, or refunds a payment that arrived for an order already cancelled."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

Step = Callable[..., Any]
_SETTLED: list[Step] = []
_REFUNDED: list[Step] = []
_ORDER_LOCK: list[Step] = []


def order_lock(step: Step) -> Step:
    """Register `step(order_id=)` that locks the order: the notification path takes it before the
    payment's lock, as the cancellation path does (order, then payment), so the two never deadlock."""
    if step not in _ORDER_LOCK:
        _ORDER_LOCK.append(step)
    return step


def lock_order_of(*, order_id: int) -> None:
    for step in list(_ORDER_LOCK):
        step(order_id=order_id)


def after_payment_settled(step: Step) -> Step:
    """Register `step(actor=, payment=) -> str | None`; a returned text is the event's outcome
    (e.g. "late_refunded"). Registering twice keeps one."""
    if step not in _SETTLED:
        _SETTLED.append(step)
    return step


def after_refund_requested(step: Step) -> Step:
    """Register `step(actor=, payment=, refund=)`: the order becomes refunded when nothing is left."""
    if step not in _REFUNDED:
        _REFUNDED.append(step)
    return step


def run_payment_settled_steps(*, actor: Any, payment: Any) -> str | None:
    """Expects the caller's transaction and the payment's lock."""
    outcome = None
    for step in list(_SETTLED):
        outcome = step(actor=actor, payment=payment) or outcome
    return outcome


def run_refund_requested_steps(*, actor: Any, payment: Any, refund: Any) -> None:
    for step in list(_REFUNDED):
        step(actor=actor, payment=payment, refund=refund)
