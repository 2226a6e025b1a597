"""Reads of what an order can be paid with and what it has received (the order page's Pay section)."""
from __future__ import annotations

from dataclasses import dataclass, field

from tenant_apps.payments.models import RECEIVED_STATES, Payment, PaymentKind, PaymentStatus, Refund
from tenant_apps.payments.selectors import checkout_methods, deposit_percent, payments_of_order

from .models import Order, OrderStatus, PaymentMethod

AFTER_VISIT = (OrderStatus.COMPLETED, OrderStatus.REVIEWED)


@dataclass(frozen=True)
class PayOption:
    kind: str
    amount_fen: int


@dataclass(frozen=True)
class PaymentPicture:
    """What the order page shows of money: what can be paid now and how, what is on its way."""

    options: list[PayOption] = field(default_factory=list)
    methods: list[tuple[str, str]] = field(default_factory=list)
    processing: Payment | None = None
    payments: list[Payment] = field(default_factory=list)
    received_fen: int = 0
    refunds: list[Refund] = field(default_factory=list)


def deposit_of(*, total: int, percent: int) -> int:
    """The deposit's share of `total` fen, rounded half up, at least 1 fen and less than the total."""
    return min(max((total * percent + 50) // 100, 1), max(total - 1, 1))


def pay_options(*, order: Order, payments: list[Payment] | None = None) -> list[PayOption]:
    if order.payment_method != PaymentMethod.ONLINE:
        return []
    payments = list(payments_of_order(order_id=order.pk)) if payments is None else payments
    received = sum(p.amount_fen for p in payments if p.status in RECEIVED_STATES)
    if order.status == OrderStatus.PENDING_PAYMENT and not received:
        percent = deposit_percent()
        options = [PayOption(PaymentKind.FULL, order.total)]
        if percent and order.total > 1:
            options.insert(0, PayOption(PaymentKind.DEPOSIT, deposit_of(total=order.total, percent=percent)))
        return options
    deposit_paid = any(p.kind == PaymentKind.DEPOSIT and p.status in RECEIVED_STATES for p in payments)
    if order.status in AFTER_VISIT and deposit_paid and received < order.total:
        return [PayOption(PaymentKind.BALANCE, order.total - received)]
    return []


def payment_picture(*, order: Order) -> PaymentPicture:
    payments = list(payments_of_order(order_id=order.pk))
    methods = checkout_methods()
    options = pay_options(order=order, payments=payments) if methods else []
    processing = next((p for p in reversed(payments) if p.status == PaymentStatus.PENDING), None)
    return PaymentPicture(
        options=options, methods=methods if options else [], processing=processing, payments=payments,
        received_fen=sum(p.amount_fen for p in payments if p.status in RECEIVED_STATES),
        refunds=[r for p in payments for r in p.refunds.all()])
