"""The order's side of online payment: what the customer can pay now (in full, a deposit, the
balance after the visit), starting a payment, what happens when the money arrives (steps registered
with payments in OrdersConfig.ready) and the refund a cancellation owes by the policy's fee."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User
from shared_apps.core.actor import SYSTEM
from shared_apps.core.errors import DomainError, ValidationFailed
from tenant_apps.payments import checkout
from tenant_apps.payments.errors import PaymentError
from tenant_apps.payments.models import RECEIVED_STATES, Payment, PaymentKind, PaymentStatus, Refund
from tenant_apps.payments.refunds import received_payments_of, refund_by_rule
from tenant_apps.payments.selectors import checkout_methods, deposit_percent, payments_of_order

from ..locks import lock_order, lock_order_if_any
from ..models import Order, OrderStatus, PaymentMethod
from .booking import mark_order_paid
from .lifecycle import refund_order

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


def deposit_of(total: int, percent: int) -> int:
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
            options.insert(0, PayOption(PaymentKind.DEPOSIT, deposit_of(order.total, percent)))
        return options
    deposit_paid = any(p.kind == PaymentKind.DEPOSIT and p.status in RECEIVED_STATES for p in payments)
    if order.status in AFTER_VISIT and deposit_paid and received < order.total:
        return [PayOption(PaymentKind.BALANCE, order.total - received)]
    return []


def payment_picture(*, order: Order) -> PaymentPicture:
    payments = list(payments_of_order(order_id=order.pk))
    options = pay_options(order=order, payments=payments)
    processing = next((p for p in reversed(payments) if p.status == PaymentStatus.PENDING), None)
    return PaymentPicture(
        options=options, methods=checkout_methods() if options else [], processing=processing, payments=payments,
        received_fen=sum(p.amount_fen for p in payments if p.status in RECEIVED_STATES),
        refunds=[r for p in payments for r in p.refunds.all()])


def start_order_payment(*, actor: User, order: Order, kind: str, method: str, return_url: str) -> Payment:
    """The customer pays (part of) the order: a payment at the provider and the page to pay on."""
    with transaction.atomic():
        locked = lock_order(order.pk)
        option = next((o for o in pay_options(order=locked) if o.kind == kind), None)
        if option is None:
            raise DomainError(PaymentError.NOTHING_TO_PAY, _("There is nothing to pay on this order now."),
                              status=409, extra={"status": locked.status})
        if method not in {m for m, _label in checkout_methods()}:
            raise ValidationFailed({"method": [_("This company does not take this way of paying.")]})
        return checkout.start_payment(
            actor=actor, order_id=locked.pk, kind=kind, method=method, amount_fen=option.amount_fen,
            currency=locked.currency, description=f"{locked.service_name} #{locked.pk}"[:120], return_url=return_url)


# -- steps payments runs (registered in OrdersConfig.ready) -----------------------------------------

def lock_order_for_payment(*, order_id: int) -> None:
    """Payments takes the order's lock before a payment's (the lock order: order, then payment)."""
    lock_order_if_any(order_id)


def order_paid_by(*, actor: Any, payment: Payment) -> str | None:
    """Money arrived for an order. Still waiting for it: the order is paid (a deposit counts: the visit
    is dispatched, the balance is paid after it). Cancelled or expired meanwhile, or already paid
    another way: the payment goes back in full, automatically."""
    order = lock_order(payment.order_id)
    if payment.kind in (PaymentKind.FULL, PaymentKind.DEPOSIT) and order.status == OrderStatus.PENDING_PAYMENT:
        mark_order_paid(actor=actor, order=order, reference=payment.reference)
        return None
    if payment.kind == PaymentKind.BALANCE and order.status in AFTER_VISIT:
        return None
    refund_by_rule(actor=actor, payment_id=payment.pk, amount_fen=payment.amount_fen,
                   reason="Paid after the order was closed" if order.status != OrderStatus.PENDING_DISPATCH
                   else "Paid twice")
    return "late_refunded"


def order_refunded_by(*, actor: Any, payment: Payment, refund: Refund) -> None:
    """A refund was decided: a paid order that was cancelled, or one completed or disputed and now
    refunded in full, becomes refunded (the order's `refund` transition)."""
    order = lock_order(payment.order_id)
    if order.paid_at is None or order.payment_method != PaymentMethod.ONLINE:
        return  # paid too late, after it closed: the order stays as it was
    if order.status == OrderStatus.CANCELLED or (
            order.status in (OrderStatus.COMPLETED, OrderStatus.DISPUTED)
            and not any(p.refundable_fen for p in received_payments_of(order_id=order.pk))):
        refund_order(actor=actor, order=order,
                     reason=refund.reason or "Refunded")


def refund_after_cancellation(*, order: Order) -> int:
    """What was paid, less the fees charged (the cancellation policy's fee, previewed and confirmed),
    goes back, newest payment first. Expects the order's lock. Returns the fen refunded."""
    payments = received_payments_of(order_id=order.pk)
    owed = sum(p.refundable_fen for p in payments) - order.fees_charged
    refunded = 0
    for payment in reversed(payments):
        amount = min(payment.refundable_fen, owed - refunded)
        if amount <= 0:
            break
        refund_by_rule(actor=SYSTEM, payment_id=payment.pk, amount_fen=amount,
                       reason="Cancelled: refund by the cancellation policy")
        refunded += amount
    return refunded
