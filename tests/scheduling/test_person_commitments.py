"""One person, one day (P3): a worker of two companies is never held or booked at the same time in
both. Real threads and connections race through the real API (as in test_hold_races); the data is
committed and removed afterwards."""
from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.conftest import HostClient
from tests.support import People
from tests.workforce.builders import SHANGHAI, at, company_day, local_times, make_service, make_worker, next_phone

ADDRESS = {"latitude": SHANGHAI.latitude, "longitude": SHANGHAI.longitude}
PER_COMPANY = 10


class TwinWorld:
    companies: tuple = ()
    services: dict  # company id -> service
    workers: dict  # company id -> worker profile (the same person in both)
    tokens: dict  # company id -> customer tokens
    customers: dict  # company id -> [Customer]
    person = None


@pytest.fixture(scope="module")
def twin(django_db_setup, django_db_blocker):
    """One person working for both companies, a service each, and customers of each; committed."""
    from rest_framework.authtoken.models import Token

    from shared_apps.accounts.models import User
    from shared_apps.accounts.services import api_token_for
    from shared_apps.changes.models import Change
    from shared_apps.commitments.models import Commitment
    from tenant_apps.people.models import Customer
    from tenant_apps.people.services import ensure_customer
    from tenant_apps.scheduling.models import HoldEvent

    world = TwinWorld()
    world.services, world.workers, world.tokens, world.customers = {}, {}, {}, {}
    marks = {}
    with django_db_blocker.unblock():
        people = People.load()
        world.companies = (people.company_a, people.company_b)
        phone = next_phone()
        users = []
        for company, owner in ((people.company_a, people.owner_a), (people.company_b, people.owner_b)):
            customers = [User.objects.create_user(phone=next_phone(), name=f"Twin customer {i}")
                         for i in range(PER_COMPANY)]
            users += customers
            world.tokens[company.pk] = [api_token_for(user) for user in customers]
            with schema_context(company.schema_name):
                marks[company.pk] = {model: (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0)
                                     for model in (HoldEvent, Change)}
                world.services[company.pk] = make_service(owner, skills=["twin"], duration=120, name="Twin job")
                world.workers[company.pk] = make_worker(owner, company, skills=["twin"], name="Tess Twin", phone=phone)
                world.customers[company.pk] = [ensure_customer(company=company, user=u) for u in customers]
        world.person = world.workers[people.company_a.pk].staff_member.user
        assert world.workers[people.company_b.pk].staff_member.user_id == world.person.pk
        try:
            yield world
        finally:
            from tenant_apps.catalog.models import Category, Service
            from tenant_apps.people.models import StaffMember
            from tenant_apps.scheduling.models import Assignment
            from tenant_apps.workforce.models import WorkerProfile

            Commitment.objects.filter(user=world.person).delete()
            for company in world.companies:
                with schema_context(company.schema_name):
                    worker = world.workers[company.pk]
                    Assignment.objects.filter(worker=worker).delete()
                    for model, mark in marks[company.pk].items():
                        model.objects.filter(pk__gt=mark).delete()
                    WorkerProfile.objects.filter(pk=worker.pk).delete()
                    StaffMember.objects.filter(pk=worker.pk).delete()
                    Customer.objects.filter(pk__in=[c.pk for c in world.customers[company.pk]]).delete()
                    service = world.services[company.pk]
                    Service.objects.filter(pk=service.pk).delete()
                    Category.objects.filter(pk=service.category_id).delete()
            with schema_context(world.companies[0].schema_name):
                from tenants.models import Affiliation

                user_ids = [u.pk for u in users] + [world.person.pk]
                Affiliation.objects.filter(user_id__in=user_ids).delete()
                Token.objects.filter(user_id__in=user_ids).delete()
                User.objects.filter(pk__in=user_ids).delete()


def host(company) -> str:
    return f"{company.slug}.localhost"


def hold_payload(world, company, start) -> dict:
    return {"service": world.services[company.pk].pk, "address": ADDRESS, "start": start.isoformat()}


def post_all(jobs: list[tuple[str, str, dict]]) -> list[tuple[int, dict]]:
    """POST every (host, token, payload) at once, each from its own thread and connection."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def attempt(index: int) -> None:
        try:
            where, token, payload = jobs[index]
            client = HostClient(where)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
            barrier.wait(timeout=30)
            response = client.post("/api/v1/holds/", payload, format="json")
            results[index] = (response.status_code, response.json())
        except BaseException as exc:  # reported below
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    failures = [r for r in results if not isinstance(r, tuple)]
    assert not failures, failures[:3]
    return results


def offered(world, company, day) -> list[str]:
    client = HostClient(host(company))
    body = client.get("/api/v1/slots/", {"service": world.services[company.pk].pk, "start": day.isoformat(),
                                         "end": day.isoformat(), **ADDRESS}).json()
    return local_times(body["days"][0])


def commitments_of(world):
    from shared_apps.commitments.models import Commitment

    return list(Commitment.objects.filter(user=world.person).order_by("period"))


def release_everything(world) -> None:
    """Expire and purge the person's holds in both companies, committed (from a thread of its own:
    the test's transaction would roll it back, and the racing threads committed their holds)."""
    from tenant_apps.scheduling.models import Assignment
    from tenant_apps.scheduling.services import purge_expired_holds

    def purge() -> None:
        try:
            for company in world.companies:
                with schema_context(company.schema_name):
                    Assignment.objects.filter(worker=world.workers[company.pk]).update(expires_at=timezone.now())
                    purge_expired_holds(actor=world.person)
        finally:
            connections.close_all()

    thread = threading.Thread(target=purge)
    thread.start()
    thread.join(timeout=60)


def test_concurrent_holds_for_one_person_in_two_companies_exactly_one_wins(twin, db):
    # given: the same person, free at 10:00 in both companies' calendars
    a, b = twin.companies
    day = company_day(a, 4)
    assert "10:00" in offered(twin, a, day) and "10:00" in offered(twin, b, day)
    jobs = [(host(c), twin.tokens[c.pk][i], hold_payload(twin, c, at(c, day, 10)))
            for i in range(PER_COMPANY) for c in (a, b)]

    # when: customers of both companies take that person at 10:00 at once
    results = post_all(jobs)

    # then: one hold in one company; everybody else was told the time is gone, with fresh slots
    statuses = Counter(status for status, _body in results)
    assert statuses == {201: 1, 409: 2 * PER_COMPANY - 1}, statuses
    for (_host, _token, payload), (status, body) in zip(jobs, results, strict=True):
        if status == 409:
            assert body["code"] == "slot_taken", body
            assert payload["start"] not in {s["start"] for d in body["slots"] for s in d["slots"]}
    [commitment] = commitments_of(twin)
    winner = next(jobs[i][0] for i, (status, _b) in enumerate(results) if status == 201)
    assert commitment.company_id == (a if winner == host(a) else b).pk
    # and neither company offers that person's 10:00 (nor the hours the job runs into) any more
    for company in (a, b):
        times = offered(twin, company, day)
        assert "10:00" not in times and "11:00" not in times and "09:00" not in times, times
        assert "14:00" in times
    release_everything(twin)
    assert commitments_of(twin) == []
    assert "10:00" in offered(twin, a, day) and "10:00" in offered(twin, b, day)


def test_the_other_company_sees_plain_busy_time_never_where(twin, people):
    a, b = twin.companies
    day = company_day(a, 5)
    client = HostClient(host(a))
    client.credentials(HTTP_AUTHORIZATION=f"Token {twin.tokens[a.pk][0]}")
    assert client.post("/api/v1/holds/", hold_payload(twin, a, at(a, day, 14)), format="json").status_code == 201

    other = HostClient(host(b))
    other.credentials(HTTP_AUTHORIZATION=f"Token {twin.tokens[b.pk][0]}")
    response = other.post("/api/v1/holds/", hold_payload(twin, b, at(b, day, 14)), format="json")

    assert response.status_code == 409 and response.json()["code"] == "slot_taken"
    text = response.content.decode()
    assert a.slug not in text and a.name not in text and "Twin job" not in text
    assert "14:00" not in offered(twin, b, day)
    # B's office sees the person busy then, and nothing else about it
    office = HostClient(host(b), user=people.owner_b)
    schedule = office.get(f"/api/v1/workers/{twin.workers[b.pk].pk}/schedule/",
                          {"start": day.isoformat(), "end": day.isoformat()})
    assert schedule.status_code == 200, schedule.content
    assert [(s["start"][11:16], s["end"][11:16]) for s in schedule.json()["busy_elsewhere"]] == [("14:00", "16:15")]
    assert schedule.json()["assignments"] == [] and a.name not in schedule.content.decode()
    release_everything(twin)


def test_an_expired_hold_in_one_company_never_blocks_the_other(twin, db):
    from shared_apps.core.actor import SYSTEM
    from tenant_apps.scheduling.selectors import JobRequest
    from tenant_apps.scheduling.services import HoldRequest, confirm_hold, place_hold

    a, b = twin.companies
    day = company_day(a, 6)
    start_a = at(a, day, 10)
    long_ago = timezone.now() - timedelta(hours=1)
    with schema_context(a.schema_name):
        job = JobRequest(service_id=twin.services[a.pk].pk, location=SHANGHAI)
        stale = place_hold(actor=twin.person, customer=twin.customers[a.pk][1],
                           request=HoldRequest(job=job, start=start_a), now=long_ago)  # expired 50 minutes ago
    assert len(commitments_of(twin)) == 1

    # B's calendar offers the time, and B's customer gets it: A's expired commitment steps aside
    assert "10:00" in offered(twin, b, day)
    client = HostClient(host(b))
    client.credentials(HTTP_AUTHORIZATION=f"Token {twin.tokens[b.pk][1]}")
    assert client.post("/api/v1/holds/", hold_payload(twin, b, at(b, day, 10)), format="json").status_code == 201
    [commitment] = commitments_of(twin)
    assert commitment.company_id == b.pk

    # and A can no longer confirm its stale hold: the person is busy elsewhere now
    with schema_context(a.schema_name):
        from shared_apps.core.errors import DomainError

        with pytest.raises(DomainError) as refused:
            confirm_hold(actor=SYSTEM, hold_id=stale.hold_id)
    assert refused.value.code == "hold_expired"
    release_everything(twin)


def test_purging_expired_holds_removes_their_commitments(twin, db):
    from shared_apps.core.actor import SYSTEM
    from tenant_apps.scheduling.selectors import JobRequest
    from tenant_apps.scheduling.services import HoldRequest, place_hold, purge_expired_holds

    a, _b = twin.companies
    day = company_day(a, 7)
    with schema_context(a.schema_name):
        job = JobRequest(service_id=twin.services[a.pk].pk, location=SHANGHAI)
        place_hold(actor=twin.person, customer=twin.customers[a.pk][2],
                   request=HoldRequest(job=job, start=at(a, day, 10)), now=timezone.now() - timedelta(hours=1))
        live = place_hold(actor=twin.person, customer=twin.customers[a.pk][2],
                          request=HoldRequest(job=job, start=at(a, day, 14)))
        assert len(commitments_of(twin)) == 2

        assert purge_expired_holds(actor=SYSTEM) >= 1

    [left] = commitments_of(twin)
    assert left.expires_at == live.expires_at and left.company_id == a.pk
    release_everything(twin)


def test_releasing_a_hold_frees_the_person_in_every_company(twin, db):
    a, b = twin.companies
    day = company_day(a, 8)
    client = HostClient(host(a))
    client.credentials(HTTP_AUTHORIZATION=f"Token {twin.tokens[a.pk][3]}")
    hold = client.post("/api/v1/holds/", hold_payload(twin, a, at(a, day, 10)), format="json").json()
    assert "10:00" not in offered(twin, b, day)

    assert client.delete(f"/api/v1/holds/{hold['id']}/").status_code == 204

    assert commitments_of(twin) == []
    assert "10:00" in offered(twin, b, day)


def test_a_commitment_row_carries_no_company_detail():
    from shared_apps.commitments.models import Commitment

    names = {f.name for f in Commitment._meta.get_fields()}
    assert names == {"id", "user", "company", "assignment_id", "period", "expires_at", "created_at", "updated_at"}
