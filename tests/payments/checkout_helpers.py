"""Helpers for checkout tests: book an order in company A (tests/orders/conftest.World), start a
payment through the API, and post the sandbox gateway's signed notification as it would."""
from __future__ import annotations

import json
import secrets

from django.utils import timezone

from shared_apps.payment_providers import sandbox_gateway as gateway
from shared_apps.payment_providers.registry import sandbox_config

NOTIFY = "/payments/notify/sandbox/"


def company_secret(company) -> str:
    return sandbox_config(company_id=company.pk).secrets["secret"]


def notification_body(payment, *, kind: str = "payment_succeeded", event_id: str | None = None,
                      amount_fen: int | None = None, currency: str = "CNY", reference: str | None = None,
                      payment_reference: str | None = None) -> tuple[str, bytes]:
    event_id = event_id or "evt_" + secrets.token_hex(12)
    reference = reference or payment.reference
    body = json.dumps({"id": event_id, "kind": kind, "merchant_id": "sandbox-x", "reference": reference,
                       "payment_reference": payment_reference or reference,
                       "provider_id": payment.provider_payment_id or "sp_x",
                       "amount_fen": payment.amount_fen if amount_fen is None else amount_fen, "currency": currency,
                       "occurred_at": timezone.now().isoformat()}, separators=(",", ":"), sort_keys=True)
    return event_id, body.encode()


def post_notification(client, company, event_id: str, body: bytes, *, secret: str | None = None,
                      at: int | None = None):
    headers = gateway.signed_headers(secret or company_secret(company), event_id, body, at=at)
    extra = {"HTTP_" + name.upper().replace("-", "_"): value for name, value in headers.items()
             if name != "Content-Type"}
    return client.post(NOTIFY, data=body, content_type="application/json", **extra)


def notify(client, company, payment, **changes):
    secret, at = changes.pop("secret", None), changes.pop("at", None)
    event_id, body = notification_body(payment, **changes)
    return post_notification(client, company, event_id, body, secret=secret, at=at)


def pay_api(client, order, *, kind: str = "full", method: str = "sandbox", key: str | None = None):
    return client.post(f"/api/v1/orders/{order.pk}/pay/", {"method": method, "kind": kind}, format="json",
                       HTTP_IDEMPOTENCY_KEY=key or secrets.token_hex(8))
