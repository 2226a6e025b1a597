"""The order's side of online payment: what the customer can pay now (in full, a deposit, the
balance after the visit), starting a payment, what happens when the money arrives (steps registered
with payments in OrdersConfig.ready) and the refund a cancellation owes by the policy's fee."""
from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User
from shared_apps.core.errors import DomainError, ValidationFailed
from tenant_apps.payments import checkout
from tenant_apps.payments.errors import PaymentError
from tenant_apps.payments.models import Payment, PaymentKind, Refund
from tenant_apps.payments.refunds import received_payments_of, refund_by_rule
from tenant_apps.payments.selectors import checkout_methods

from ..locks import lock_order
from ..models import Order, OrderStatus, PaymentMethod
from ..paying import AFTER_VISIT, pay_options
from .booking import mark_order_paid
from .lifecycle import refund_order


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


def refund_after_cancellation(*, actor: Any, order: Order) -> int:
    """What was paid, less the fees charged (the cancellation policy's fee, previewed and confirmed),
    goes back, newest payment first. `actor` is the system (the rule refunds, whoever cancelled).
    Expects the order's lock. Returns the fen refunded."""
    payments = received_payments_of(order_id=order.pk)
    owed = sum(p.refundable_fen for p in payments) - order.fees_charged
    refunded = 0
    for payment in reversed(payments):
        amount = min(payment.refundable_fen, owed - refunded)
        if amount <= 0:
            break
        refund_by_rule(actor=actor, payment_id=payment.pk, amount_fen=amount,
                       reason="Cancelled: refund by the cancellation policy")
        refunded += amount
    return refunded
