"""An order's candidates: who can do it (skills, service list, active, radius, working, free with
travel) ranked by a score whose reasons and weights the dispatcher sees, the rest with why not; the
weights are company settings; the office API is scoped to dispatchers and to the company."""
from __future__ import annotations

from datetime import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shared_apps.core.actor import SYSTEM
from tenant_apps.orders.candidates import Facts, passed_workers, rank_candidates, score
from tenant_apps.orders.models import DispatchSettings, Order
from tenant_apps.orders.services import booking, dispatch, lifecycle
from tenant_apps.workforce.models import ShiftTemplate, WorkerProfile
from tenant_apps.workforce.services import update_worker_profile
from tests.workforce.builders import make_worker

DEFAULT_WEIGHTS = {"travel": 3, "rating": 2, "level": 1, "workload": 2, "previous_worker": 2}


def _paid(world, hour, worker):
    return booking.mark_order_paid(actor=SYSTEM, order=world.book(hour=hour, workers=[worker.pk], again=True))


def _fresh(order):
    return Order.objects.select_related("service").get(pk=order.pk)


def _ids(ranking):
    return [c.worker_id for c in ranking.candidates]


def _why_not(ranking):
    return {u.worker_id: u.reason for u in ranking.unavailable}


def _finish(order):
    """The worker does the visit (at its time), so the customer has been served by them."""
    worker, user = order.worker, order.worker.staff_member.user
    order = lifecycle.accept_task(actor=user, worker=worker, order=order)
    order = lifecycle.set_off(actor=user, worker=worker, order=order, eta_minutes=10)
    order = lifecycle.arrive(actor=user, worker=worker, order=order, location=None)
    order = lifecycle.start_service(actor=user, worker=worker, order=order, now=order.starts_at)
    return lifecycle.complete_task(actor=user, worker=worker, order=order, now=order.ends_at)


# ---- the score, a pure function ------------------------------------------------------------------

def test_the_score_is_the_sum_of_each_reasons_value_times_its_weight():
    facts = Facts(travel_minutes=15, travel_from="home", level=10, booked_minutes_this_week=20 * 60,
                  served_customer_before=True)

    total, reasons = score(facts, DEFAULT_WEIGHTS)

    by_name = {r.name: r for r in reasons}
    assert [r.name for r in reasons] == ["travel", "rating", "level", "workload", "previous_worker"]
    assert by_name["travel"].value == 0.75 and by_name["travel"].points == 2.25
    assert by_name["rating"].value == 0.5  # no credit score yet: neutral
    assert by_name["level"].value == 1.0 and by_name["workload"].value == 0.5
    assert by_name["previous_worker"].points == 2.0
    assert total == pytest.approx(2.25 + 1 + 1 + 1 + 2)
    assert "15 min" in by_name["travel"].detail


def test_more_booked_hours_this_week_score_lower_and_an_hours_drive_scores_nothing():
    idle = Facts(travel_minutes=90, travel_from="home", level=1, booked_minutes_this_week=0,
                 served_customer_before=False)
    busy = Facts(travel_minutes=90, travel_from="home", level=1, booked_minutes_this_week=30 * 60,
                 served_customer_before=False)

    assert score(idle, DEFAULT_WEIGHTS)[0] > score(busy, DEFAULT_WEIGHTS)[0]
    assert score(idle, DEFAULT_WEIGHTS)[1][0].value == 0.0


# ---- who can, who cannot -------------------------------------------------------------------------

def test_only_workers_who_can_do_it_then_are_candidates_and_the_rest_say_why(world, people):
    owner = people.owner_a
    order = _paid(world, 10, world.worker2)
    world.book(hour=10, workers=[world.worker1.pk], again=True)  # worker1's time is held by another booking
    suspended = make_worker(owner, world.company, skills=("ordertest",), name="Suspended")
    update_worker_profile(actor=owner, worker=suspended, changes={"status": "suspended"})
    far = make_worker(owner, world.company, skills=("ordertest",), name="Far",
                      home={"latitude": 39.9, "longitude": 116.4}, service_radius_km=10)
    off = make_worker(owner, world.company, skills=("ordertest",), name="Off", week=())
    unskilled = make_worker(owner, world.company, skills=("windows",), name="Unskilled")

    ranking = rank_candidates(_fresh(order), now=timezone.now())

    assert _ids(ranking) == [world.worker2.pk]  # the order's own time does not make its worker busy
    assert ranking.candidates[0].is_current
    why = _why_not(ranking)
    assert why[world.worker1.pk] == "busy"
    assert why[suspended.pk] == "inactive"
    assert why[far.pk] == "out_of_radius"
    assert why[off.pk] == "not_working"
    assert why[unskilled.pk] == "skill_missing"


def test_workers_who_declined_are_listed_as_passed(world):
    order = _paid(world, 10, world.worker1)
    user = world.worker1.staff_member.user
    lifecycle.decline_task(actor=user, worker=world.worker1, order=order, reason="Sick")

    ranking = rank_candidates(_fresh(order), now=timezone.now(), passed=passed_workers(order))

    assert world.worker1.pk not in _ids(ranking)
    assert _why_not(ranking)[world.worker1.pk] == "passed"


def test_a_crew_order_says_whether_there_are_enough_candidates(world, people):
    from tests.workforce.builders import make_service

    crew_service = make_service(people.owner_a, skills=("ordertest",), crew=3, name="Big clean")
    order = _paid(world, 10, world.worker1)
    Order.objects.filter(pk=order.pk).update(crew_size=3, service=crew_service)

    ranking = rank_candidates(_fresh(order), now=timezone.now())

    assert ranking.crew_size == 3 and len(ranking.candidates) == 2 and not ranking.enough_for_crew
    assert ranking.proposed_crew == ()


def test_a_crew_order_is_proposed_the_best_workers_free_together(world, people, client_for):
    from tests.workforce.builders import make_service

    owner = people.owner_a
    crew_service = make_service(owner, skills=("ordertest",), crew=2, name="Two-person clean")
    busy = make_worker(owner, world.company, skills=("ordertest",), name="Busy")
    update_worker_profile(actor=owner, worker=busy, changes={"level": 10})
    world.book(hour=10, workers=[busy.pk], again=True)  # the best by level is busy then
    update_worker_profile(actor=owner, worker=world.worker1, changes={"level": 2})
    update_worker_profile(actor=owner, worker=world.worker2, changes={"level": 8})
    third = make_worker(owner, world.company, skills=("ordertest",), name="Third")
    update_worker_profile(actor=owner, worker=third, changes={"level": 5})
    dispatch.update_dispatch_settings(actor=owner, changes={"weight_level": 10})
    order = _paid(world, 10, world.worker1)
    Order.objects.filter(pk=order.pk).update(crew_size=2, service=crew_service)

    ranking = rank_candidates(_fresh(order), now=timezone.now())
    answer = client_for(world.company, people.dispatcher_a).get(_url(order)).json()

    assert _why_not(ranking)[busy.pk] == "busy"
    assert ranking.proposed_crew == (world.worker2.pk, third.pk)  # levels 8 and 5; the busy 10 left out
    assert answer["proposed_crew"] == [world.worker2.pk, third.pk] and answer["enough_for_crew"] is True


# ---- the ranking ---------------------------------------------------------------------------------

def test_the_worker_who_served_the_customer_before_ranks_first_until_the_weights_say_otherwise(world, people):
    owner = people.owner_a
    update_worker_profile(actor=owner, worker=world.worker1, changes={"level": 1})
    update_worker_profile(actor=owner, worker=world.worker2, changes={"level": 9})
    _finish(_paid(world, 9, world.worker1))
    order = _fresh(_paid(world, 15, world.worker2))

    dispatch.update_dispatch_settings(actor=owner, changes={"weight_previous_worker": 10, "weight_level": 1})
    favoured = rank_candidates(order, now=timezone.now())
    dispatch.update_dispatch_settings(actor=owner, changes={"weight_previous_worker": 0, "weight_level": 10})
    by_level = rank_candidates(order, now=timezone.now())

    assert _ids(favoured) == [world.worker1.pk, world.worker2.pk]
    reasons = {r.name: r for r in favoured.candidates[0].reasons}
    assert reasons["previous_worker"].value == 1.0 and reasons["previous_worker"].weight == 10
    assert _ids(by_level) == [world.worker2.pk, world.worker1.pk]
    assert by_level.weights["level"] == 10


def test_travel_counts_from_the_previous_job_of_the_day(world, people):
    order = _fresh(_paid(world, 14, world.worker1))
    _paid(world, 10, world.worker2)  # worker2's morning job is at the same address

    ranking = rank_candidates(order, now=timezone.now())

    facts = {c.worker_id: c.facts for c in ranking.candidates}
    assert facts[world.worker2.pk].travel_from == "previous_job"
    assert facts[world.worker2.pk].travel_minutes == 0
    assert facts[world.worker2.pk].booked_minutes_this_week == 120


def test_a_workers_busier_week_lowers_their_workload_reason(world):
    order = _fresh(_paid(world, 15, world.worker1))
    _paid(world, 9, world.worker2)
    _paid(world, 12, world.worker2)

    ranking = rank_candidates(order, now=timezone.now())

    workload = {c.worker_id: next(r for r in c.reasons if r.name == "workload").value for c in ranking.candidates}
    assert workload[world.worker1.pk] == 1.0
    assert workload[world.worker2.pk] == pytest.approx(1 - 4 / 40)


# ---- the office API ------------------------------------------------------------------------------

def _url(order):
    return f"/api/v1/office/orders/{order.pk}/candidates/"


def test_the_dispatcher_sees_candidates_with_reasons_and_weights(world, people, client_for):
    order = _paid(world, 10, world.worker1)

    response = client_for(world.company, people.dispatcher_a).get(_url(order))

    assert response.status_code == 200, response.content
    body = response.json()
    assert {c["worker"] for c in body["candidates"]} == {world.worker1.pk, world.worker2.pk}
    first = body["candidates"][0]
    assert [r["name"] for r in first["reasons"]] == ["travel", "rating", "level", "workload", "previous_worker"]
    assert {r["name"]: r["weight"] for r in first["reasons"]} == body["weights"] == DEFAULT_WEIGHTS
    assert first["score"] == pytest.approx(sum(r["points"] for r in first["reasons"]))
    assert body["crew_size"] == 1 and body["enough_for_crew"] is True


def test_workers_customers_and_another_company_cannot_see_candidates(world, people, client_for):
    order = _paid(world, 10, world.worker1)

    assert client_for(world.company, people.worker_a).get(_url(order)).status_code == 403
    assert client_for(world.company, people.customer_a).get(_url(order)).status_code == 403
    other = client_for(people.company_b, people.owner_b).get(_url(order))
    assert other.status_code == 404  # company B has no such order (or the same id is another order)
    assert "candidates" not in other.json()


def test_the_candidates_query_count_does_not_grow_with_the_workers(world, people, client_for):
    order = _paid(world, 10, world.worker1)
    client = client_for(world.company, people.dispatcher_a)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(_url(order)).status_code == 200
        return len(ctx.captured_queries)

    queries()  # warm: the token and the company's host are cached after the first request
    few = queries()
    for index in range(8):
        worker = make_worker(people.owner_a, world.company, skills=("ordertest",), name=f"Extra {index}")
        if index % 2:  # some of them with a job that day, so there are commitments to read
            _paid(world, 12 + index % 4, worker) if index < 4 else None
    queries()  # the new workers change the stable inputs' stamp: read again once
    many = queries()

    assert many == few
    assert few <= 25


def test_the_ranking_sees_changes_to_workers_and_shifts_at_once(world, people):
    """The workers, their hours and the settings are kept between rankings; any change to their rows
    (through a service, or an .update() that leaves updated_at alone, in the same transaction) is
    seen by the very next ranking."""
    owner = people.owner_a
    order = _paid(world, 10, world.worker2)
    third = make_worker(owner, world.company, skills=("ordertest",), name="Third")
    assert world.worker1.pk in _ids(rank_candidates(_fresh(order), now=timezone.now()))

    update_worker_profile(actor=owner, worker=world.worker1, changes={"status": "suspended"})
    assert _why_not(rank_candidates(_fresh(order), now=timezone.now()))[world.worker1.pk] == "inactive"

    ShiftTemplate.objects.filter(worker=third).delete()
    assert _why_not(rank_candidates(_fresh(order), now=timezone.now()))[third.pk] == "not_working"

    WorkerProfile.objects.filter(pk=third.pk).update(skills=["windows"])
    assert _why_not(rank_candidates(_fresh(order), now=timezone.now()))[third.pk] == "skill_missing"

    WorkerProfile.objects.filter(pk=third.pk).update(skills=["ordertest", "windows"])
    assert _why_not(rank_candidates(_fresh(order), now=timezone.now()))[third.pk] == "not_working"

    DispatchSettings.objects.update_or_create(pk=1, defaults={"weight_level": 7})
    assert rank_candidates(_fresh(order), now=timezone.now()).weights["level"] == 7


# ---- the settings API ----------------------------------------------------------------------------

def test_dispatchers_read_the_weights_and_only_managers_change_them(world, people, client_for):
    url = "/api/v1/office/dispatch/settings/"
    dispatcher = client_for(world.company, people.dispatcher_a)
    owner = client_for(world.company, people.owner_a)

    assert dispatcher.get(url).json()["weight_travel"] == 3
    assert dispatcher.put(url, {"weight_travel": 5}, format="json").status_code == 403
    too_heavy = owner.put(url, {"weight_travel": 11}, format="json")
    changed = owner.put(url, {"weight_travel": 0, "auto_dispatch": True, "offer_minutes": 5}, format="json")

    assert too_heavy.status_code == 400 and "weight_travel" in too_heavy.json()["fields"]
    assert changed.status_code == 200
    assert dispatcher.get(url).json() == {**changed.json(), "weight_travel": 0, "auto_dispatch": True,
                                          "offer_minutes": 5}
    assert client_for(people.company_b, people.owner_b).get(url).json()["weight_travel"] == 3


def test_quiet_hours_are_a_worker_profile_setting(world, people):
    worker = update_worker_profile(actor=people.owner_a, worker=world.worker1,
                                   changes={"quiet_hours": {"from": time(22), "until": time(7)}})

    assert worker.is_quiet_at(time(23, 30)) and worker.is_quiet_at(time(6, 59))
    assert not worker.is_quiet_at(time(7)) and not worker.is_quiet_at(time(12))
