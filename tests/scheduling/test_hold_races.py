"""Races with real PostgreSQL: 50 threads, each with its own database connection, take the same
worker and time through the real API at once. The data they race for is committed (a test's own
transaction is invisible to other connections) and removed afterwards."""
from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection, connections
from django_tenants.utils import schema_context

from tests.conftest import HostClient
from tests.support import People
from tests.workforce.builders import SHANGHAI, at, company_day, make_service, make_worker, next_phone

ATTEMPTS = 50
ADDRESS = {"latitude": SHANGHAI.latitude, "longitude": SHANGHAI.longitude}


class RaceWorld:
    company = None
    solo = crew = pair_job = None  # services
    ann = bob = None  # workers
    tokens: list[str]
    lone_token: str  # a customer in no other race, so they hold nothing when the limit test starts


@pytest.fixture(scope="module")
def race(django_db_setup, django_db_blocker):
    """Two workers, three services and 50 signed-in customers, committed; all of it deleted at the end."""
    from rest_framework.authtoken.models import Token

    from shared_apps.accounts.models import User
    from shared_apps.accounts.services import api_token_for
    from shared_apps.changes.models import Change
    from tenant_apps.people.models import Customer
    from tenant_apps.people.services import ensure_customer
    from tenant_apps.scheduling.models import HoldEvent

    world = RaceWorld()
    with django_db_blocker.unblock():
        people = People.load()
        world.company = company = people.company_a
        owner = people.owner_a
        users = [User.objects.create_user(phone=next_phone(), name=f"Racer {i}") for i in range(ATTEMPTS)]
        world.tokens = [api_token_for(user) for user in users]
        # Not one of the racers: whichever of them wins an earlier race keeps that hold.
        users.append(User.objects.create_user(phone=next_phone(), name="Lone racer"))
        world.lone_token = api_token_for(users[-1])
        with schema_context(company.schema_name):
            marks = {model: (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
                     for model in (HoldEvent, Change)}
            world.solo = make_service(owner, skills=["race-solo"], duration=120, name="Race solo")
            world.crew = make_service(owner, skills=["race-pair"], duration=120, crew=2, name="Race crew")
            world.pair_job = make_service(owner, skills=["race-pair"], duration=120, name="Race single")
            world.ann = make_worker(owner, company, skills=["race-solo", "race-pair"], name="Ann Racer")
            world.bob = make_worker(owner, company, skills=["race-pair"], name="Bob Racer")
            for user in users:
                ensure_customer(company=company, user=user)
        try:
            yield world
        finally:
            with schema_context(company.schema_name):
                from tenant_apps.catalog.models import Category, Service
                from tenant_apps.people.models import StaffMember
                from tenant_apps.scheduling.models import Assignment
                from tenant_apps.workforce.models import WorkerProfile

                workers = [world.ann.pk, world.bob.pk]
                Assignment.objects.filter(worker_id__in=workers).delete()
                for model, mark in marks.items():
                    model.objects.filter(pk__gt=mark).delete()
                WorkerProfile.objects.filter(pk__in=workers).delete()
                StaffMember.objects.filter(pk__in=workers).delete()
                Customer.objects.filter(user__in=users).delete()
                services = [world.solo, world.crew, world.pair_job]
                categories = {s.category_id for s in services}
                Service.objects.filter(pk__in=[s.pk for s in services]).delete()
                Category.objects.filter(pk__in=categories).delete()
                # Users last, from the company's schema: deleting one looks for its rows there too.
                user_ids = [u.pk for u in users] + [world.ann.staff_member.user_id, world.bob.staff_member.user_id]
                Token.objects.filter(user_id__in=user_ids).delete()
                User.objects.filter(pk__in=user_ids).delete()


def race_for(world: RaceWorld, payloads: list[dict], tokens: list[str] | None = None) -> list[tuple[int, dict]]:
    """POST every payload at once, each from its own thread and database connection (and customer,
    unless `tokens` says who posts each one)."""
    tokens = tokens or world.tokens
    host = f"{world.company.slug}.localhost"
    barrier = threading.Barrier(len(payloads))
    results: list[tuple[int, dict] | BaseException | None] = [None] * len(payloads)

    def attempt(index: int) -> None:
        try:
            client = HostClient(host)
            client.credentials(HTTP_AUTHORIZATION=f"Token {tokens[index]}")
            barrier.wait(timeout=30)
            response = client.post("/api/v1/holds/", payloads[index], format="json")
            results[index] = (response.status_code, response.json())
        except BaseException as exc:  # reported by the test below
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(payloads))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    failures = [r for r in results if not isinstance(r, tuple)]
    assert not failures, failures[:3]
    return results  # type: ignore[return-value]


def active_rows(world: RaceWorld, start, end):
    from tenant_apps.scheduling.models import Assignment

    connection.set_tenant(world.company)
    return list(Assignment.objects.filter(worker_id__in=[world.ann.pk, world.bob.pk], starts_at__lt=end,
                                          ends_at__gt=start, status__in=["hold", "booked"]))


def test_fifty_customers_race_for_one_worker_and_time_and_exactly_one_wins(race, db):
    start = at(race.company, company_day(race.company, 4), 10)
    payload = {"service": race.solo.pk, "address": ADDRESS, "start": start.isoformat()}

    results = race_for(race, [payload] * ATTEMPTS)

    statuses = Counter(status for status, _body in results)
    assert statuses == {201: 1, 409: ATTEMPTS - 1}, statuses
    for status, body in results:
        if status == 409:
            assert body["code"] == "slot_taken" and body["message"] == "This time was just taken"
            assert start.isoformat() not in {s["start"] for day in body["slots"] for s in day["slots"]}
    [winner] = [body for status, body in results if status == 201]
    rows = active_rows(race, start, start + timedelta(hours=2))
    assert [(r.worker_id, str(r.hold_id)) for r in rows] == [(race.ann.pk, winner["id"])]


def test_a_two_worker_job_racing_one_worker_jobs_never_double_books_either_worker(race, db):
    start = at(race.company, company_day(race.company, 5), 10)
    crew = {"service": race.crew.pk, "address": ADDRESS, "start": start.isoformat()}

    def single(worker):
        return {"service": race.pair_job.pk, "address": ADDRESS, "start": start.isoformat(), "workers": [worker.pk]}

    payloads = [crew if i % 5 == 0 else single(race.ann if i % 2 else race.bob) for i in range(ATTEMPTS)]

    results = race_for(race, payloads)

    winners = [(payloads[i]["service"], body) for i, (status, body) in enumerate(results) if status == 201]
    losers = [body for status, body in results if status != 201]
    assert winners and all(body["code"] == "slot_taken" for body in losers), losers[:3]
    rows = active_rows(race, start, start + timedelta(hours=2))
    per_worker = Counter(r.worker_id for r in rows)
    assert all(count == 1 for count in per_worker.values()), per_worker
    if any(service == race.crew.pk for service, _body in winners):
        assert len(winners) == 1 and len(rows) == 2  # the crew took both, no single got in
    else:
        assert len(winners) == len(rows) <= 2  # at most one single per worker
    assert len(losers) == ATTEMPTS - len(winners)


def test_twenty_simultaneous_holds_of_one_customer_stop_at_the_hold_limit(race, db):
    # given: one customer (limit 3 holds, the default) and 20 free times far enough apart that no two
    # of them compete for the same worker (2-hour jobs: 9:00 and 15:00 on ten days)
    days = [company_day(race.company, d) for d in range(6, 16)]
    starts = [at(race.company, day, hour) for day in days for hour in (9, 15)]
    payloads = [{"service": race.solo.pk, "address": ADDRESS, "start": start.isoformat()} for start in starts]

    # when: they all go at once
    results = race_for(race, payloads, tokens=[race.lone_token] * len(payloads))

    # then: three holds, the rest refused for the limit
    statuses = Counter(status for status, _body in results)
    assert statuses == {201: 3, 409: len(payloads) - 3}, statuses
    assert {body["code"] for status, body in results if status == 409} == {"too_many_holds"}
    rows = active_rows(race, starts[0], starts[-1] + timedelta(hours=2))
    assert len(rows) == 3
