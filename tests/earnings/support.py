"""Helpers of the withdrawal tests: money available to a worker, and a sandbox transfer's signed
notification delivered to the company's notify endpoint."""
from __future__ import annotations

from shared_apps.core.actor import SYSTEM
from tenant_apps.ledger import services as ledger


def make_available(user, fen: int, *, key: str = "avail") -> None:
    """`fen` settled and available to `user` (an order paid through the sandbox, then settled)."""
    order_id = 900000 + user.pk
    ledger.record_payment(actor=SYSTEM, order_id=order_id, provider="sandbox", fen=fen,
                          event_key=f"{key}:pay:{user.pk}")
    ledger.accrue_worker_earning(actor=SYSTEM, order_id=order_id, worker=user, fen=fen,
                                 event_key=f"{key}:earn:{user.pk}")
    ledger.settle_earnings(actor=SYSTEM, worker=user, fen=fen, event_key=f"{key}:settle:{user.pk}")


def deliver_transfer_notification(client, withdrawal, *, fail: bool = False):
    """Finish the sandbox transfer as its Celery task would, and POST its signed notification."""
    from shared_apps.payment_providers import sandbox_gateway as gateway
    from shared_apps.payment_providers.models import SandboxDelivery, SandboxTransfer

    transfer = SandboxTransfer.objects.get(reference=withdrawal.reference, merchant__company_id=withdrawal_company_id())
    if fail:
        transfer.behaviours = [*transfer.behaviours, gateway.FAIL]
        transfer.save(update_fields=["behaviours"])
    gateway.finish_transfer(transfer_id=transfer.id)
    delivery = SandboxDelivery.objects.filter(subject_id=transfer.id).latest("pk")
    body = delivery.body.encode()
    headers = gateway.signed_headers(transfer.merchant.secret, delivery.event_id, body)
    path = "/" + delivery.url.split("/", 3)[3]
    return client.post(path, data=body, content_type="application/json",
                       **{"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items() if k != "Content-Type"})


def withdrawal_company_id() -> int:
    from tenant_apps.catalog.selectors import current_company

    return current_company().pk
