"""The office's "payment received" is the first money-moving endpoint with an Idempotency-Key: a
retry replays the first answer and records the payment once."""
from __future__ import annotations

import uuid

from shared_apps.idempotency.models import IdempotentRequest
from tenant_apps.orders.models import OrderEvent


def _confirm(client, order_id, key, body=None):
    headers = {} if key is None else {"HTTP_IDEMPOTENCY_KEY": key}
    return client.post(f"/api/v1/office/orders/{order_id}/confirm-payment/", body or {"reference": "cash 42"},
                       format="json", **headers)


def _paid_events(order_id):
    return OrderEvent.objects.filter(order_id=order_id, action="pay").count()


def test_a_retry_replays_the_first_answer_and_records_the_payment_once(world, people, client_for):
    order = world.book()
    office = client_for(world.company, people.dispatcher_a)
    key = str(uuid.uuid4())

    first = _confirm(office, order.pk, key)
    again = _confirm(office, order.pk, key)

    assert first.status_code == 200 and first.json()["status"] == "assigned"
    assert first["Idempotent-Replayed"] == "false"
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true"
    assert again.content == first.content and again["Content-Type"] == first["Content-Type"]
    assert _paid_events(order.pk) == 1


def test_without_the_header_nothing_is_recorded_and_the_field_is_named(world, people, client_for):
    order = world.book()
    office = client_for(world.company, people.dispatcher_a)

    missing = _confirm(office, order.pk, None)
    malformed = _confirm(office, order.pk, "has spaces in it")

    assert missing.status_code == 400 and missing.json()["code"] == "invalid"
    assert "Idempotency-Key" in missing.json()["fields"]
    assert malformed.status_code == 400 and "Idempotency-Key" in malformed.json()["fields"]
    assert _paid_events(order.pk) == 0


def test_the_same_key_for_another_order_or_body_is_refused(world, people, client_for):
    order, other = world.book(hour=10), world.book(hour=14)
    office = client_for(world.company, people.dispatcher_a)
    key = str(uuid.uuid4())
    _confirm(office, order.pk, key)

    other_order = _confirm(office, other.pk, key)
    other_body = _confirm(office, order.pk, key, {"reference": "transfer 7"})

    assert other_order.status_code == 422 and other_order.json()["code"] == "idempotency_key_reused"
    assert other_body.status_code == 422 and other_body.json()["code"] == "idempotency_key_reused"
    assert _paid_events(other.pk) == 0


def test_a_refusal_is_replayed_too(world, people, client_for):
    order = world.book()
    office = client_for(world.company, people.dispatcher_a)
    _confirm(office, order.pk, str(uuid.uuid4()))  # paid once, by another operation
    key = str(uuid.uuid4())

    refused = _confirm(office, order.pk, key)
    again = _confirm(office, order.pk, key)

    assert refused.status_code == 409
    assert again.status_code == 409 and again.content == refused.content and again["Idempotent-Replayed"] == "true"


def test_a_refused_caller_never_reaches_the_key_store(world, people, client_for):
    order = world.book()

    response = _confirm(client_for(world.company, people.worker_a), order.pk, str(uuid.uuid4()))

    assert response.status_code == 403
    assert not IdempotentRequest.objects.exists() and _paid_events(order.pk) == 0
