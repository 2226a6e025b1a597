"""GET /api/v1/slots/: the calendar of real free start times for a service at an address."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenant_apps.workforce.services import set_week_template, update_worker_profile
from tests.workforce.builders import NINE_TO_SIX, SHANGHAI, company_day, local_times, make_service, make_worker


def slots(client, service, day, last=None, **params):
    query = {"service": service.pk, "latitude": SHANGHAI.latitude, "longitude": SHANGHAI.longitude,
             "start": day.isoformat(), "end": (last or day).isoformat(), **params}
    return client.get("/api/v1/slots/", query)


@pytest.fixture
def setup(alpha, people):
    service = make_service(people.owner_a, duration=120)
    worker = make_worker(people.owner_a, alpha, name="Li Na")
    return service, worker


def test_anyone_sees_start_times_every_half_hour_within_the_shift(client_for, people, setup):
    service, _worker = setup
    day = company_day(people.company_a, 3)

    response = slots(client_for(people.company_a), service, day)

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["duration_minutes"] == 120 and body["crew_size"] == 1 and body["time_zone"] == "Asia/Shanghai"
    [only_day] = body["days"]
    assert only_day["date"] == day.isoformat()
    # 09:00-18:00, a 2-hour job: the last start is 16:00.
    assert local_times(only_day) == [f"{h:02d}:{m:02d}" for h in range(9, 17) for m in (0, 30)][:-1]
    assert only_day["slots"][0]["start"] == f"{day.isoformat()}T09:00:00+08:00"
    assert only_day["slots"][0]["end"] == f"{day.isoformat()}T11:00:00+08:00"
    assert all(slot["available"] == 1 and "workers" not in slot for slot in only_day["slots"])


def test_office_staff_also_see_who(client_for, people, setup):
    service, worker = setup
    day = company_day(people.company_a, 3)

    body = slots(client_for(people.company_a, people.dispatcher_a), service, day).json()

    assert body["days"][0]["slots"][0]["workers"] == [worker.pk]


def test_only_workers_with_the_skills_and_the_service_are_offered(client_for, people, setup):
    service, worker = setup
    other_service = make_service(people.owner_a, name="Other")
    make_worker(people.owner_a, people.company_a, skills=["plumbing"], name="Plumber")
    day = company_day(people.company_a, 3)
    client = client_for(people.company_a, people.owner_a)

    def counts():
        return {slot["available"] for slot in slots(client, service, day).json()["days"][0]["slots"]}

    assert counts() == {1}  # the plumber lacks "cleaning"
    update_worker_profile(actor=people.owner_a, worker=worker, changes={"services": [other_service.pk]})
    assert counts() == set()
    update_worker_profile(actor=people.owner_a, worker=worker, changes={"services": [other_service.pk, service.pk]})
    assert counts() == {1}
    update_worker_profile(actor=people.owner_a, worker=worker, changes={"status": "suspended"})
    assert counts() == set()


def test_a_worker_too_far_from_home_is_not_offered(client_for, people, setup):
    service, worker = setup
    day = company_day(people.company_a, 3)
    # Home in Pudong, about 12 km from People's Square.
    update_worker_profile(actor=people.owner_a, worker=worker, changes={
        "home": {"latitude": 31.2200, "longitude": 121.6000}, "service_radius_km": 20})
    near = slots(client_for(people.company_a), service, day).json()["days"][0]["slots"]
    update_worker_profile(actor=people.owner_a, worker=worker, changes={"service_radius_km": 5})
    far = slots(client_for(people.company_a), service, day).json()["days"][0]["slots"]

    assert near and far == []


def test_a_week_of_days_comes_back_in_order_with_empty_days(client_for, people, setup):
    service, worker = setup
    set_week_template(actor=people.owner_a, worker=worker, shifts=[s for s in NINE_TO_SIX if s[0] != 7])
    first = company_day(people.company_a, 3)
    week = [first + timedelta(days=i) for i in range(7)]

    days = slots(client_for(people.company_a), service, first, week[-1]).json()["days"]

    assert [d["date"] for d in days] == [day.isoformat() for day in week]
    assert [bool(d["slots"]) for d in days] == [day.isoweekday() != 7 for day in week]


def test_the_slot_search_costs_a_fixed_number_of_queries(client_for, people, setup):
    service, _worker = setup
    for n in range(5):
        make_worker(people.owner_a, people.company_a, name=f"W{n}")
    day = company_day(people.company_a, 3)
    client = client_for(people.company_a)
    slots(client, service, day)  # warm the host cache

    with CaptureQueriesContext(connection) as few:
        slots(client, service, day)
    for n in range(5):
        make_worker(people.owner_a, people.company_a, name=f"X{n}")
    with CaptureQueriesContext(connection) as more:
        body = slots(client, service, day).json()

    assert len(more.captured_queries) == len(few.captured_queries) <= 20
    assert body["days"][0]["slots"][0]["available"] == 11


@pytest.mark.parametrize("params, field", [
    ({"service": "x"}, "service"),
    ({"service": 999999}, "service"),
    ({"latitude": 100}, "latitude"),
    ({"latitude": "null,null"}, "latitude"),
    ({"start": "2026-02-30"}, "start"),
    ({"end": "2020-01-01"}, "end"),
    ({"add_ons": "x:y"}, "add_ons"),
    ({"add_ons": "999999"}, "add_ons"),
    ({"variant": 999999}, "variant"),
    ({"worker": -1}, "worker"),
])
def test_bad_input_is_a_field_error(client_for, people, setup, params, field):
    service, _worker = setup
    day = company_day(people.company_a, 3)
    query = {"service": service.pk, "latitude": SHANGHAI.latitude, "longitude": SHANGHAI.longitude,
             "start": day.isoformat(), "end": day.isoformat(), **params}

    response = client_for(people.company_a).get("/api/v1/slots/", query)

    assert response.status_code == 400, response.content
    assert field in response.json()["fields"], response.json()


def test_at_most_31_days_at_once(client_for, people, setup):
    service, _worker = setup
    day = company_day(people.company_a, 1)

    assert slots(client_for(people.company_a), service, day, day + timedelta(days=30)).status_code == 200
    assert slots(client_for(people.company_a), service, day, day + timedelta(days=31)).status_code == 400


def test_the_other_company_sees_none_of_it(client_for, people, setup):
    service, _worker = setup
    day = company_day(people.company_a, 3)

    response = slots(client_for(people.company_b), service, day)

    assert response.status_code == 400
    assert "service" in response.json()["fields"]


def test_a_company_in_berlin_gets_both_2_30s_on_the_night_the_clocks_go_back(client_for, people):
    from datetime import date, time

    from django.utils import timezone

    from tenant_apps.catalog.services import update_catalog_settings
    from tests.workforce.builders import enter

    company = people.company_b
    type(company).objects.filter(pk=company.pk).update(time_zone="Europe/Berlin")
    company.refresh_from_db()
    enter(company)
    update_catalog_settings(actor=people.owner_b, changes={"booking_horizon_days": 365})
    service = make_service(people.owner_b, duration=60, skills=["plumbing"])
    make_worker(people.owner_b, company, skills=["plumbing"], week=[(d, time(0), time(6)) for d in range(1, 8)])
    today = timezone.now().date()
    autumn = next(date(today.year + y, 10, d) for y in (0, 1) for d in range(31, 24, -1)
                  if date(today.year + y, 10, d).isoweekday() == 7 and date(today.year + y, 10, d) > today)

    body = slots(client_for(company), service, autumn).json()

    starts = [s["start"][11:] for s in body["days"][0]["slots"]]
    assert body["time_zone"] == "Europe/Berlin"
    assert starts[4:8] == ["02:00:00+02:00", "02:30:00+02:00", "02:00:00+01:00", "02:30:00+01:00"]
    assert len(starts) == len(set(starts)) == 13


def test_a_far_home_base_moves_the_first_slot_of_the_day_later(client_for, people, setup):
    service, worker = setup
    day = company_day(people.company_a, 3)
    first = lambda: local_times(slots(client_for(people.company_a), service, day).json()["days"][0])  # noqa: E731

    assert first()[0] == "09:00"  # no home base: the shift's start
    # Pudong, about 12 km from People's Square: 37 minutes at 3 min/km, so 09:37 -> the 10:00 slot
    update_worker_profile(actor=people.owner_a, worker=worker, changes={
        "home": {"latitude": 31.2200, "longitude": 121.6000}})
    assert first()[0] == "10:00"
    assert first()[-1] == "16:00"  # the last start is unchanged
    update_worker_profile(actor=people.owner_a, worker=worker, changes={
        "home": {"latitude": SHANGHAI.latitude, "longitude": SHANGHAI.longitude}})
    assert first()[0] == "09:00"  # living next door
