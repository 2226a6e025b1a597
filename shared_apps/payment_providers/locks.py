"""Row locks of the sandbox gateway (public schema). Each expects a transaction. Lock order: a
payment before its refunds; a delivery alone."""
from __future__ import annotations

from .models import SandboxDelivery, SandboxPayment, SandboxRefund, SandboxTransfer


def lock_sandbox_payment(payment_id: str) -> SandboxPayment | None:
    return SandboxPayment.objects.select_for_update().select_related("merchant").filter(pk=payment_id).first()


def lock_sandbox_refund(refund_id: str) -> SandboxRefund | None:
    return (SandboxRefund.objects.select_for_update().select_related("payment__merchant")
            .filter(pk=refund_id).first())


def lock_sandbox_transfer(transfer_id: str) -> SandboxTransfer | None:
    return SandboxTransfer.objects.select_for_update().select_related("merchant").filter(pk=transfer_id).first()


def lock_sandbox_delivery(delivery_id: int) -> SandboxDelivery | None:
    return SandboxDelivery.objects.select_for_update().select_related("merchant").filter(pk=delivery_id).first()
