"""POST /api/v1/holds/ (take a slot), GET/DELETE /api/v1/holds/<id>/, and confirming and expiring holds."""
from datetime import timedelta

import pytest
from django.utils import timezone

from tenant_apps.people.services import ensure_customer
from tenant_apps.scheduling.models import Assignment, AssignmentStatus, HoldEvent
from tenant_apps.scheduling.selectors import JobRequest
from tenant_apps.scheduling.services import (
    HoldRequest,
    SlotTaken,
    confirm_hold,
    place_hold,
    purge_expired_holds,
    update_scheduling_settings,
)
from tenant_apps.workforce.services import create_time_off
from tests.workforce.builders import SHANGHAI, at, company_day, local_times, make_service, make_worker

ADDRESS = {"latitude": SHANGHAI.latitude, "longitude": SHANGHAI.longitude}


@pytest.fixture
def world(alpha, people):
    class World:
        company = alpha
        service = make_service(people.owner_a, duration=120)
        worker = make_worker(people.owner_a, alpha, name="Li Na")
        day = company_day(alpha, 3)

        def start(self, hour, minute=0):
            return at(alpha, self.day, hour, minute)

    return World()


def hold(client, world, hour, minute=0, **extra):
    return client.post("/api/v1/holds/", {"service": world.service.pk, "address": ADDRESS,
                                          "start": world.start(hour, minute).isoformat(), **extra}, format="json")


def day_slots(client, world):
    response = client.get("/api/v1/slots/", {"service": world.service.pk, "latitude": SHANGHAI.latitude,
                                             "longitude": SHANGHAI.longitude, "start": world.day.isoformat(),
                                             "end": world.day.isoformat()})
    return local_times(response.json()["days"][0])


def test_a_customer_holds_a_slot_for_ten_minutes_and_nobody_else_can_take_it(client_for, people, world):
    ann = client_for(world.company, people.customer_a)
    sam = client_for(world.company, people.shared_worker)  # signed in; anyone can be a customer here

    taken = hold(ann, world, 10)
    too_late = hold(sam, world, 10)

    assert taken.status_code == 201, taken.content
    body = taken.json()
    assert body["status"] == "hold" and body["workers"] == [world.worker.pk] and body["crew_size"] == 1
    assert body["start"] == world.start(10).isoformat() and body["end"] == world.start(12).isoformat()
    expires = timezone.datetime.fromisoformat(body["expires_at"])
    assert timedelta(minutes=9) < expires - timezone.now() <= timedelta(minutes=10)
    assert too_late.status_code == 409
    error = too_late.json()
    assert error["code"] == "slot_taken" and error["message"] == "This time was just taken"
    fresh = [s["start"][11:16] for s in error["slots"][0]["slots"]]
    assert "10:00" not in fresh and "12:30" in fresh and "08:00" not in fresh
    assert [d["date"] for d in error["slots"]] == [(world.day + timedelta(days=i)).isoformat() for i in range(3)]


def test_a_held_time_and_its_buffer_disappear_from_the_calendar_until_released(client_for, people, world):
    ann = client_for(world.company, people.customer_a)
    before = day_slots(client_for(world.company), world)

    hold_id = hold(ann, world, 10).json()["id"]
    during = day_slots(client_for(world.company), world)
    released = ann.delete(f"/api/v1/holds/{hold_id}/")
    after = day_slots(client_for(world.company), world)

    # Default buffer after a job: 15 minutes. The hold blocks [10:00, 12:15): a 2-hour job can start
    # at 08:00 (ends 10:00) at the latest before it, and at 12:30 after it.
    assert "10:00" in before and released.status_code == 204
    assert [t for t in during if "08:00" < t < "12:30"] == []
    assert after == before
    assert list(HoldEvent.objects.filter(hold_id=hold_id).values_list("kind", flat=True)) == ["placed", "released"]


def test_an_expired_hold_never_blocks(client_for, people, world):
    customer = ensure_customer(company=world.company, user=people.customer_b)
    long_ago = timezone.now() - timedelta(minutes=30)
    old = place_hold(actor=people.customer_b, customer=customer, now=long_ago, request=HoldRequest(
        job=JobRequest(service_id=world.service.pk, location=SHANGHAI), start=world.start(10)))
    assert old.expires_at < timezone.now()

    offered = day_slots(client_for(world.company), world)
    taken = hold(client_for(world.company, people.customer_a), world, 10)

    assert "10:00" in offered
    assert taken.status_code == 201, taken.content
    assert not Assignment.objects.filter(hold_id=old.hold_id).exists()  # deleted in the same transaction
    assert HoldEvent.objects.filter(hold_id=old.hold_id, kind="expired").exists()


def test_a_crew_job_holds_all_its_workers_together_or_none(client_for, people, world):
    crew_job = make_service(people.owner_a, duration=120, crew=2, name="Two cleaners")
    second = make_worker(people.owner_a, world.company, name="Wu Fang")
    ann = client_for(world.company, people.customer_a)
    single = hold(client_for(world.company, people.customer_b), world, 10, workers=[second.pk])

    crew_at_ten = ann.post("/api/v1/holds/", {"service": crew_job.pk, "address": ADDRESS,
                                              "start": world.start(10).isoformat()}, format="json")
    crew_at_two = ann.post("/api/v1/holds/", {"service": crew_job.pk, "address": ADDRESS,
                                              "start": world.start(14).isoformat()}, format="json")

    assert single.status_code == 201 and single.json()["workers"] == [second.pk]
    assert crew_at_ten.status_code == 409  # one of the two is busy: nobody is held
    assert crew_at_two.status_code == 201, crew_at_two.content
    assert sorted(crew_at_two.json()["workers"]) == sorted([world.worker.pk, second.pk])
    rows = Assignment.objects.filter(hold_id=crew_at_two.json()["id"])
    assert rows.count() == 2 and {r.crew_size for r in rows} == {2}
    assert Assignment.objects.filter(starts_at=world.start(10)).count() == 1


def test_a_customer_may_ask_for_particular_workers(client_for, people, world):
    plumber = make_worker(people.owner_a, world.company, skills=["plumbing"], name="Plumber")
    ann = client_for(world.company, people.customer_a)

    unable = hold(ann, world, 10, workers=[plumber.pk])
    too_many = hold(ann, world, 10, workers=[world.worker.pk, plumber.pk])
    chosen = hold(ann, world, 10, workers=[world.worker.pk])

    assert unable.status_code == 400 and "workers" in unable.json()["fields"]
    assert too_many.status_code == 400 and "workers" in too_many.json()["fields"]
    assert chosen.status_code == 201 and chosen.json()["workers"] == [world.worker.pk]


@pytest.mark.parametrize("hour, minute, field", [(10, 15, "start"), (23, 0, "start")])
def test_only_offered_times_can_be_held(client_for, people, world, hour, minute, field):
    response = hold(client_for(world.company, people.customer_a), world, hour, minute)

    assert response.status_code in (400, 409)
    if response.status_code == 400:
        assert field in response.json()["fields"]


def test_too_soon_too_far_and_garbage_are_field_errors(client_for, people, world):
    ann = client_for(world.company, people.customer_a)
    soon = timezone.now().astimezone(at(world.company, world.day, 0).tzinfo).replace(second=0, microsecond=0)
    soon = soon.replace(minute=0 if soon.minute < 30 else 30) + timedelta(minutes=30)

    too_soon = ann.post("/api/v1/holds/", {"service": world.service.pk, "address": ADDRESS,
                                           "start": soon.isoformat()}, format="json")
    too_far = ann.post("/api/v1/holds/", {"service": world.service.pk, "address": ADDRESS,
                                          "start": (world.start(10) + timedelta(days=90)).isoformat()}, format="json")
    garbage = ann.post("/api/v1/holds/", {"service": "x", "address": {"latitude": 1000}, "start": "soon",
                                          "workers": ["a"]}, format="json")

    assert too_soon.status_code == 400 and "start" in too_soon.json()["fields"]
    assert too_far.status_code == 400 and "start" in too_far.json()["fields"]
    assert garbage.status_code == 400
    assert {"service", "address.latitude", "address.longitude", "start", "workers.0"} <= set(garbage.json()["fields"])


def test_time_off_makes_the_time_unavailable(client_for, people, world):
    create_time_off(actor=people.owner_a, worker=world.worker, kind="time_off", start_date=world.day,
                    end_date=world.day)

    assert hold(client_for(world.company, people.customer_a), world, 10).status_code == 409


def test_signing_in_is_needed_and_holds_are_private(client_for, people, world):
    anonymous = hold(client_for(world.company), world, 10)
    hold_id = hold(client_for(world.company, people.customer_a), world, 10).json()["id"]
    bob = client_for(world.company, people.customer_b)

    assert anonymous.status_code == 401
    assert bob.get(f"/api/v1/holds/{hold_id}/").status_code == 404
    assert bob.delete(f"/api/v1/holds/{hold_id}/").status_code == 404
    assert bob.get("/api/v1/holds/not-a-uuid/").status_code == 404
    assert client_for(world.company, people.customer_a).get(f"/api/v1/holds/{hold_id}/").json()["status"] == "hold"
    assert client_for(people.company_b, people.customer_a).get(f"/api/v1/holds/{hold_id}/").status_code == 404


def test_a_customer_holds_a_few_times_at_most(client_for, people, world):
    update_scheduling_settings(actor=people.owner_a, changes={"max_holds_per_customer": 1})
    ann = client_for(world.company, people.customer_a)

    first = hold(ann, world, 9)
    second = hold(ann, world, 14)

    assert first.status_code == 201
    assert second.status_code == 409 and second.json()["code"] == "too_many_holds"


def test_confirming_books_the_hold_and_a_purged_hold_cannot_be_confirmed(people, world):
    customer = ensure_customer(company=world.company, user=people.customer_a)
    request = HoldRequest(job=JobRequest(service_id=world.service.pk, location=SHANGHAI), start=world.start(10))
    placed = place_hold(actor=people.customer_a, customer=customer, request=request)
    expired = place_hold(actor=people.customer_a, customer=customer, now=timezone.now() - timedelta(hours=1),
                         request=HoldRequest(job=request.job, start=world.start(14)))

    booked = confirm_hold(actor=people.owner_a, hold_id=placed.hold_id)
    purged = purge_expired_holds(actor=people.owner_a)

    assert [a.status for a in booked] == [AssignmentStatus.BOOKED]
    assert Assignment.objects.get(hold_id=placed.hold_id).expires_at is None
    assert purged == 1 and not Assignment.objects.filter(hold_id=expired.hold_id).exists()
    with pytest.raises(Exception) as caught:
        confirm_hold(actor=people.owner_a, hold_id=expired.hold_id)
    assert getattr(caught.value, "code", None) == "hold_expired"
    with pytest.raises(SlotTaken):
        place_hold(actor=people.customer_a, customer=customer, request=request)
