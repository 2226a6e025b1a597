"""Row locks of payments (the only select_for_update of this app)."""
from __future__ import annotations

from .models import PaymentMethodSetting, PaymentSettings


def lock_payment_settings() -> PaymentSettings:
    """The settings row, made on first write, locked until the transaction ends. Lock it before any
    method row."""
    PaymentSettings.objects.get_or_create(pk=1)
    return PaymentSettings.objects.select_for_update().get(pk=1)


def lock_method(method: str) -> PaymentMethodSetting:
    """One method's row, made on first write, locked until the transaction ends."""
    PaymentMethodSetting.objects.get_or_create(method=method)
    return PaymentMethodSetting.objects.select_for_update().get(method=method)


def lock_payment(payment_id: int):
    """One payment row, locked until the transaction ends (after the order's lock, before the ledger's)."""
    from .models import Payment

    return Payment.objects.select_for_update().filter(pk=payment_id).first()


def lock_refund(refund_id: int):
    """One refund row; lock its payment first."""
    from .models import Refund

    return Refund.objects.select_for_update().filter(pk=refund_id).first()


def lock_webhook_endpoint(endpoint_id: int):
    """One active webhook endpoint, locked until the transaction ends."""
    from .models import WebhookEndpoint

    return WebhookEndpoint.objects.select_for_update().filter(pk=endpoint_id, is_active=True).first()


def lock_webhook_delivery(delivery_id: int):
    """One delivery of a money event, locked while an attempt is recorded."""
    from .models import WebhookDelivery

    return WebhookDelivery.objects.select_for_update().filter(pk=delivery_id).first()
