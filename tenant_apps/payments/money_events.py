"""Money events for the company's own systems: the endpoints it registers, the outbox written in
the transaction that moved the money, and delivery (Celery, after commit) signed with
`webhooks.sign_event`, retried with exponential backoff, every attempt logged for the office.

Delivery is at least once: a task that runs twice (a retry racing a sweep, a lost acknowledgement)
may send an event twice, so receivers de-duplicate by the body's `id`, as with any gateway's
notifications. Nothing is sent inside a transaction; HTTP goes through a `Transport` (tests give a
local receiver, nothing reaches the network)."""
from __future__ import annotations

import ipaddress
import json
import secrets
import socket
import time
import uuid
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.changes.services import record_change
from shared_apps.core.errors import DomainError, NotFound, ValidationFailed
from shared_apps.core.sealing import seal, unseal
from shared_apps.payment_providers.interface import GatewayError
from shared_apps.payment_providers.transport import HttpRequest, Transport, UrllibTransport
from tenant_apps.people.models import MANAGER_ROLES
from tenant_apps.people.selectors import staff_member_of

from .errors import WebhookError
from .locks import lock_webhook_delivery, lock_webhook_endpoint
from .models import DeliveryStatus, MoneyEvent, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from .webhooks import sign_event

MAX_ENDPOINTS = 5


def max_attempts() -> int:
    return int(getattr(settings, "WEBHOOK_MAX_ATTEMPTS", 8))


def retry_base_seconds() -> float:
    return float(getattr(settings, "WEBHOOK_RETRY_SECONDS", 30.0))


def backoff_seconds(attempts: int) -> float:
    """After the n-th failed attempt: base, 2 x base, 4 x base, ... (30 s to about an hour by default)."""
    return retry_base_seconds() * 2 ** max(attempts - 1, 0)


# -- endpoints ------------------------------------------------------------------------------------

def _check_manager(actor: Any) -> None:
    member = staff_member_of(actor)
    if member is None or member.role not in MANAGER_ROLES:
        raise DomainError(WebhookError.MANAGERS_ONLY, _("Only the owner and admins can manage webhook endpoints."),
                          status=403)


def check_endpoint_url(url: str) -> str:
    """An http(s) URL whose host is public. Private, loopback and link-local addresses are refused
    (our server must not be made to call the company's neighbours) unless WEBHOOK_ALLOW_PRIVATE_HOSTS
    (development and tests, whose receivers listen on 127.0.0.1). Plain http only when allowed too."""
    url = (url or "").strip()
    parts = urlsplit(url)
    allow_private = bool(getattr(settings, "WEBHOOK_ALLOW_PRIVATE_HOSTS", False))
    refused = ValidationFailed({"url": [_("Enter an https:// address of a server on the internet.")]})
    if parts.scheme not in ("https", "http") or not parts.hostname or len(url) > 500:
        raise refused
    if parts.scheme == "http" and not allow_private:
        raise refused
    if allow_private:
        return url
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443)}
    except (OSError, UnicodeError):
        raise refused from None
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            raise DomainError(WebhookError.URL_REFUSED, _("This address points inside a private network."),
                              status=400, fields={"url": [_("This address points inside a private network.")]})
    return url


def add_webhook_endpoint(*, actor: Any, url: str) -> tuple[WebhookEndpoint, str]:
    """Register an endpoint; returns it and its signing secret, the only time it is shown in clear."""
    _check_manager(actor)
    url = check_endpoint_url(url)
    secret = "whsec_" + secrets.token_hex(24)
    with transaction.atomic():
        if WebhookEndpoint.objects.filter(is_active=True).count() >= MAX_ENDPOINTS:
            raise ValidationFailed({"url": [_("At most %(n)d endpoints.") % {"n": MAX_ENDPOINTS}]})
        endpoint = WebhookEndpoint.objects.create(url=url, sealed_secret=seal({"secret": secret}),
                                                  secret_ends_with=secret[-4:], created_by_name=str(actor)[:150])
        record_change(actor=actor, action="payments.webhook_endpoint_added", target_id=endpoint.pk,
                      data={"url": url})
    return endpoint, secret


def remove_webhook_endpoint(*, actor: Any, endpoint_id: int) -> WebhookEndpoint:
    """Stop sending to an endpoint (its deliveries stay in the log; pending ones are given up)."""
    _check_manager(actor)
    with transaction.atomic():
        endpoint = lock_webhook_endpoint(endpoint_id)
        if endpoint is None:
            raise NotFound("webhook_endpoint")
        endpoint.is_active = False
        endpoint.save(update_fields=["is_active", "updated_at"])
        WebhookDelivery.objects.filter(endpoint=endpoint, status=DeliveryStatus.PENDING).update(
            status=DeliveryStatus.FAILED, last_error="endpoint removed", updated_at=timezone.now())
        record_change(actor=actor, action="payments.webhook_endpoint_removed", target_id=endpoint.pk,
                      data={"url": endpoint.url})
    return endpoint


def reseal_webhook_secrets(*, actor: Any) -> int:
    """Seal every endpoint's secret again under the newest PAYMENT_CREDENTIALS_KEY (key rotation)."""
    from shared_apps.core.sealing import reseal

    with transaction.atomic():
        ids = list(WebhookEndpoint.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
        for endpoint_id in ids:
            endpoint = lock_webhook_endpoint(endpoint_id)
            endpoint.sealed_secret = reseal(endpoint.sealed_secret)
            endpoint.save(update_fields=["sealed_secret", "updated_at"])
        if ids:
            record_change(actor=actor, action="payments.webhook_secrets_resealed", data={"endpoints": ids})
    return len(ids)


# -- the outbox -----------------------------------------------------------------------------------

def record_money_event(*, actor: Any, kind: str, data: dict[str, Any]) -> MoneyEvent | None:
    """Write a money event and one delivery per active endpoint, inside the caller's transaction
    (the movement and its event commit together or not at all); the deliveries start after the
    commit. None (nothing written) when the company has no endpoint."""
    endpoints = list(WebhookEndpoint.objects.filter(is_active=True).values_list("pk", flat=True))
    if not endpoints:
        return None
    from django.db import connection

    from tenant_apps.catalog.selectors import current_company

    event_id = "mev_" + uuid.uuid4().hex
    body = json.dumps({"id": event_id, "type": kind, "created_at": timezone.now().isoformat(),
                       "company": current_company().slug, "data": data},
                      separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    event = MoneyEvent.objects.create(event_id=event_id, kind=kind, body=body, actor_name=str(actor)[:150])
    deliveries = WebhookDelivery.objects.bulk_create(
        [WebhookDelivery(event=event, endpoint_id=pk, next_attempt_at=timezone.now()) for pk in endpoints])
    schema_name = connection.schema_name
    ids = [d.pk for d in deliveries]

    def start() -> None:
        from .tasks import deliver_money_event as deliver_money_event_task

        for delivery_id in ids:
            deliver_money_event_task.delay(schema_name, delivery_id)

    transaction.on_commit(start)
    return event


# -- delivery -------------------------------------------------------------------------------------

def webhook_transport() -> Transport:
    return UrllibTransport(timeout=float(getattr(settings, "WEBHOOK_TIMEOUT_SECONDS", 10.0)))


def deliver_money_event(*, delivery_id: int, transport: Transport | None = None,
                        now: datetime | None = None) -> WebhookDelivery | None:
    """One attempt of one delivery, if it is still pending: the event's body signed afresh (a new
    timestamp), POSTed, the attempt logged. 2xx delivers it; otherwise it stays pending with its
    next attempt after the backoff, or is given up after WEBHOOK_MAX_ATTEMPTS."""
    delivery = WebhookDelivery.objects.select_related("event", "endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return delivery
    body = delivery.event.body.encode()
    headers = sign_event(secrets=[unseal(delivery.endpoint.sealed_secret)["secret"]], body=body)
    headers.update({"Doorstep-Event-Id": delivery.event.event_id, "Doorstep-Event-Type": delivery.event.kind,
                    "User-Agent": "Doorstep-Webhooks/1"})
    status_code, error, started = None, "", time.monotonic()
    try:
        check_endpoint_url(delivery.endpoint.url)  # the name may point elsewhere since it was registered
        response = (transport or webhook_transport()).send(HttpRequest("POST", delivery.endpoint.url, headers, body))
        status_code = response.status
    except (GatewayError, DomainError) as exc:
        error = str(exc)[:300]
    duration_ms = int((time.monotonic() - started) * 1000)
    now = now or timezone.now()
    with transaction.atomic():
        row = lock_webhook_delivery(delivery_id)
        if row is None or row.status != DeliveryStatus.PENDING:
            return row
        WebhookAttempt.objects.create(delivery=row, status_code=status_code, error=error, duration_ms=duration_ms)
        row.attempts += 1
        row.last_status_code, row.last_error = status_code, error or ("" if status_code else "no answer")
        if status_code is not None and 200 <= status_code < 300:
            row.status, row.delivered_at, row.next_attempt_at = DeliveryStatus.DELIVERED, now, None
        elif row.attempts >= max_attempts():
            row.status, row.next_attempt_at = DeliveryStatus.FAILED, None
        else:
            row.next_attempt_at = now + timedelta(seconds=backoff_seconds(row.attempts))
        row.save(update_fields=["attempts", "last_status_code", "last_error", "status", "delivered_at",
                                "next_attempt_at", "updated_at"])
    return row


def due_deliveries(*, now: datetime | None = None, grace_seconds: int = 60) -> list[int]:
    """Pending deliveries whose next attempt is overdue (its task was lost): for the sweeper."""
    cutoff = (now or timezone.now()) - timedelta(seconds=grace_seconds)
    return list(WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lt=cutoff)
                .order_by("next_attempt_at").values_list("pk", flat=True)[:500])
