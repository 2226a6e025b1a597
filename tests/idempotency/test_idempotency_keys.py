"""Idempotency-Key through a tiny test-only view that "moves money" by writing a change-log row:
retries replay, another body is refused, a 4xx is kept, a 5xx releases the key, keys belong to one
caller in one company, and 20 concurrent duplicates (threads, own connections) run the action once."""
from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test import override_settings
from django.utils import timezone
from django_tenants.utils import schema_context
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from shared_apps.changes.models import Change
from shared_apps.changes.services import record_change
from shared_apps.core.errors import DomainError
from shared_apps.core.permissions import SignedIn
from shared_apps.idempotency.keys import IdempotentMixin, delete_expired_requests
from shared_apps.idempotency.models import IdempotentRequest
from shared_apps.idempotency.tasks import purge_expired_idempotency_keys

ACTION = "test.money_moved"


class MoveMoney(IdempotentMixin, APIView):
    """Test only: refuses an amount over 100 (409), fails on request, otherwise records a move."""

    permission_classes = [SignedIn]
    behaviour: str = "normal"  # "explode" (an unexpected error) or "unavailable" (a 503)
    pause: float = 0.0

    def post(self, request):
        amount = int(request.data.get("amount", 0))
        if amount > 100:
            raise DomainError("over_limit", "Too much.", status=409)
        record_change(actor=request.user, action=ACTION, data={"amount": amount})
        time.sleep(self.pause)
        if self.behaviour == "explode":
            raise RuntimeError("the provider timed out")
        if self.behaviour == "unavailable":
            return Response({"code": "unavailable"}, status=503)
        return Response({"moved": amount, "at": timezone.now().isoformat()}, status=201,
                        headers={"Location": "/moves/1/"})


def call(company, user, key: str | None, body: dict, **attributes):
    connection.set_tenant(company)
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    request = APIRequestFactory().post("/api/v1/test-moves/", body, format="json", **headers)
    force_authenticate(request, user=user)
    response = MoveMoney.as_view(**attributes)(request)
    response.render() if hasattr(response, "render") else None
    return response


def moves() -> int:
    return Change.objects.filter(action=ACTION).count()


def test_a_retry_gets_the_identical_response_and_moves_money_once(people):
    key = str(uuid.uuid4())

    first = call(people.company_a, people.owner_a, key, {"amount": 30})
    time.sleep(0.01)
    again = call(people.company_a, people.owner_a, key, {"amount": 30})

    assert first.status_code == 201 and again.status_code == 201
    assert again.content == first.content  # the same "at": replayed, not run again
    assert again["Location"] == "/moves/1/" and again["Idempotent-Replayed"] == "true"
    assert moves() == 1


def test_the_same_body_in_another_order_or_spacing_is_the_same_request(people):
    key = str(uuid.uuid4())
    call(people.company_a, people.owner_a, key, {"amount": 30, "note": "x"})

    again = call(people.company_a, people.owner_a, key, {"note": "x", "amount": 30})

    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"


def test_the_same_key_with_another_body_is_refused_and_moves_nothing(people):
    key = str(uuid.uuid4())
    call(people.company_a, people.owner_a, key, {"amount": 30})

    other = call(people.company_a, people.owner_a, key, {"amount": 31})

    assert other.status_code == 422
    assert other.data["code"] == "idempotency_key_reused"
    assert moves() == 1


def test_a_refusal_is_the_first_answer_and_is_replayed(people):
    key = str(uuid.uuid4())

    refused = call(people.company_a, people.owner_a, key, {"amount": 500})
    again = call(people.company_a, people.owner_a, key, {"amount": 500})

    assert refused.status_code == 409 and again.status_code == 409
    assert again.content == refused.content and again["Idempotent-Replayed"] == "true"
    assert moves() == 0


def test_an_unexpected_error_releases_the_key_and_undoes_the_action(people):
    key = str(uuid.uuid4())

    with pytest.raises(RuntimeError):
        call(people.company_a, people.owner_a, key, {"amount": 30}, behaviour="explode")
    assert moves() == 0 and not IdempotentRequest.objects.filter(key=key).exists()

    retried = call(people.company_a, people.owner_a, key, {"amount": 30})

    assert retried.status_code == 201 and retried["Idempotent-Replayed"] == "false"
    assert moves() == 1


def test_a_5xx_answer_is_not_kept(people):
    key = str(uuid.uuid4())

    unavailable = call(people.company_a, people.owner_a, key, {"amount": 30}, behaviour="unavailable")
    retried = call(people.company_a, people.owner_a, key, {"amount": 30})

    assert unavailable.status_code == 503
    assert retried.status_code == 201 and moves() == 1


def test_a_missing_or_malformed_key_is_a_field_error(people):
    missing = call(people.company_a, people.owner_a, None, {"amount": 30})
    too_long = call(people.company_a, people.owner_a, "k" * 256, {"amount": 30})
    not_ascii = call(people.company_a, people.owner_a, "clé", {"amount": 30})

    for response in (missing, too_long, not_ascii):
        assert response.status_code == 400
        assert response.data["code"] == "invalid" and list(response.data["fields"]) == ["Idempotency-Key"]
    assert moves() == 0


def test_keys_belong_to_one_caller_in_one_company(people):
    key = "order-42-payment"

    mine = call(people.company_a, people.owner_a, key, {"amount": 30})
    colleague = call(people.company_a, people.dispatcher_a, key, {"amount": 31})
    elsewhere = call(people.company_b, people.owner_b, key, {"amount": 32})
    shared_worker_a = call(people.company_a, people.shared_worker, key, {"amount": 33})
    shared_worker_b = call(people.company_b, people.shared_worker, key, {"amount": 34})

    assert [r.status_code for r in (mine, colleague, elsewhere, shared_worker_a, shared_worker_b)] == [201] * 5
    assert all(r["Idempotent-Replayed"] == "false" for r in (colleague, elsewhere, shared_worker_a, shared_worker_b))
    with schema_context(people.company_a.schema_name):
        assert moves() == 3
    with schema_context(people.company_b.schema_name):
        assert moves() == 2


def test_an_answer_is_replayed_for_24_hours_and_then_forgotten(people):
    key = str(uuid.uuid4())
    call(people.company_a, people.owner_a, key, {"amount": 30})
    stored = IdempotentRequest.objects.get(key=key)

    assert timedelta(hours=23, minutes=59) < stored.expires_at - stored.created_at <= timedelta(hours=24, seconds=1)
    assert delete_expired_requests(now=timezone.now() + timedelta(hours=23)) == 0
    IdempotentRequest.objects.filter(pk=stored.pk).update(expires_at=timezone.now() - timedelta(seconds=1))

    after = call(people.company_a, people.owner_a, key, {"amount": 31})  # the old answer is gone

    assert after.status_code == 201 and after["Idempotent-Replayed"] == "false" and moves() == 2


def test_beat_purges_expired_answers_in_every_company(people):
    for company, user in ((people.company_a, people.owner_a), (people.company_b, people.owner_b)):
        call(company, user, "old", {"amount": 1})
        call(company, user, "fresh", {"amount": 2})
        IdempotentRequest.objects.filter(key="old").update(expires_at=timezone.now() - timedelta(minutes=1))

    assert purge_expired_idempotency_keys() == 2

    for company in (people.company_a, people.company_b):
        with schema_context(company.schema_name):
            assert list(IdempotentRequest.objects.values_list("key", flat=True)) == ["fresh"]


def test_the_purge_is_on_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}

    assert "shared_apps.idempotency.tasks.purge_expired_idempotency_keys" in tasks


# ---- races: real threads, each with its own database connection, on committed data -----------------

@pytest.fixture
def committed(django_db_setup, django_db_blocker):
    """Committed access (other connections see it); this test's rows are removed afterwards."""
    from tests.support import People

    with django_db_blocker.unblock():
        people = People.load()
        yield people
        for company in (people.company_a, people.company_b):
            with schema_context(company.schema_name):
                Change.objects.filter(action=ACTION).delete()
                IdempotentRequest.objects.all().delete()
        connections.close_all()


def race(people, count: int, key: str, **attributes) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def attempt(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            response = call(people.company_a, people.owner_a, key, {"amount": 30}, **attributes)
            results[index] = (response.status_code, response.content,
                              response.get("Idempotent-Replayed") or response.get("Retry-After"))
        except BaseException as exc:  # reported below
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    failures = [r for r in results if not isinstance(r, tuple)]
    assert not failures, failures[:3]
    return results


def test_twenty_concurrent_duplicates_move_money_once_and_all_get_the_first_answer(committed):
    results = race(committed, 20, str(uuid.uuid4()), pause=0.3)

    with schema_context(committed.company_a.schema_name):
        assert moves() == 1
    assert Counter(status for status, _content, _replayed in results) == {201: 20}
    assert len({content for _status, content, _replayed in results}) == 1
    assert Counter(replayed for _status, _content, replayed in results) == {"false": 1, "true": 19}


@override_settings(IDEMPOTENCY_WAIT_SECONDS=0.2)
def test_a_duplicate_that_waits_too_long_is_told_to_retry(committed):
    results = race(committed, 5, str(uuid.uuid4()), pause=1.5)

    with schema_context(committed.company_a.schema_name):
        assert moves() == 1
    statuses = Counter(status for status, _content, _replayed in results)
    assert statuses == {201: 1, 409: 4}, statuses
    assert all(b"idempotency_key_in_progress" in content and retry_after == "1"
               for status, content, retry_after in results if status == 409)
