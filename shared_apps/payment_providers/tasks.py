"""Celery entry points of the sandbox gateway: settle refunds and transfers later, and deliver each
notification with retries (backoff), as a real gateway does."""
from celery import shared_task
from django.conf import settings


@shared_task(acks_late=True)
def finish_sandbox_refund(refund_id: str) -> None:
    from .sandbox_gateway import finish_refund

    finish_refund(refund_id=refund_id)


@shared_task(acks_late=True)
def finish_sandbox_transfer(transfer_id: str) -> None:
    from .sandbox_gateway import finish_transfer

    finish_transfer(transfer_id=transfer_id)


@shared_task
def sweep_sandbox_deliveries(older_than_seconds: int = 120) -> int:
    """Beat: hand pending deliveries whose task was lost (a dead worker, a broker outage) to Celery
    again, with refunds and transfers still waiting to settle. A duplicate attempt is harmless: the
    merchant processes each event id once, as it must with any gateway."""
    from datetime import timedelta

    from django.utils import timezone

    from .models import DeliveryStatus, SandboxDelivery, SandboxRefund, SandboxStatus, SandboxTransfer

    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    deliveries = list(SandboxDelivery.objects.filter(status=DeliveryStatus.PENDING, created_at__lt=cutoff)
                      .values_list("pk", flat=True)[:1000])
    for pk in deliveries:
        deliver_sandbox_notification.delay(pk)
    refunds = list(SandboxRefund.objects.filter(status=SandboxStatus.PENDING, created_at__lt=cutoff)
                   .values_list("pk", flat=True)[:1000])
    for pk in refunds:
        finish_sandbox_refund.delay(pk)
    transfers = list(SandboxTransfer.objects.filter(status=SandboxStatus.PENDING, created_at__lt=cutoff)
                     .values_list("pk", flat=True)[:1000])
    for pk in transfers:
        finish_sandbox_transfer.delay(pk)
    return len(deliveries) + len(refunds) + len(transfers)


@shared_task(acks_late=True)
def deliver_sandbox_notification(delivery_id: int) -> str:
    """One attempt; a receiver that did not answer 2xx is tried again after 1, 2, 4, ... times
    SANDBOX_NOTIFY_RETRY_SECONDS, until SANDBOX_NOTIFY_MAX_ATTEMPTS."""
    from .models import DeliveryStatus
    from .sandbox_gateway import deliver

    delivery = deliver(delivery_id=delivery_id)
    if delivery is None:
        return "gone"
    if delivery.status == DeliveryStatus.PENDING:
        countdown = float(getattr(settings, "SANDBOX_NOTIFY_RETRY_SECONDS", 5.0)) * 2 ** (delivery.attempts - 1)
        deliver_sandbox_notification.apply_async(args=(delivery_id,), countdown=countdown)
    return str(delivery.status)
