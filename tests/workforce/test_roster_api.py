"""The office's week roster: GET /api/v1/office/roster/ and its bulk PUT."""
from datetime import time, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenant_apps.people.models import StaffMember
from tenant_apps.workforce.models import Shift
from tenant_apps.workforce.services import create_time_off
from tests.workforce.builders import company_day, make_worker

WEEKDAYS = tuple((d, time(9), time(18)) for d in range(1, 6))


def test_the_roster_shows_every_workers_week_from_templates_shifts_and_time_off(client_for, people, alpha):
    ann = make_worker(people.owner_a, alpha, week=WEEKDAYS, name="Ann")
    bob = make_worker(people.owner_a, alpha, week=WEEKDAYS, name="Bob")
    monday = company_day(alpha, 7, weekday=1)
    create_time_off(actor=people.owner_a, worker=bob, kind="time_off", start_date=monday + timedelta(days=1),
                    end_date=monday + timedelta(days=1))
    client = client_for(alpha, people.dispatcher_a)
    client.get("/api/v1/office/roster/", {"week": monday.isoformat()})

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/office/roster/", {"week": (monday + timedelta(days=3)).isoformat()})

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["week_start"] == monday.isoformat() and len(body["dates"]) == 7
    rows = {w["worker"]: w for w in body["workers"]}
    assert [len(d["shifts"]) for d in rows[ann.pk]["days"]] == [1, 1, 1, 1, 1, 0, 0]
    assert rows[ann.pk]["days"][0]["shifts"] == [{"start": "09:00", "end": "18:00"}]
    assert rows[bob.pk]["days"][1]["time_off"][0]["kind"] == "time_off"
    assert {d["source"] for d in rows[ann.pk]["days"]} == {"template"}
    worker_a = StaffMember.objects.get(user=people.worker_a)  # no profile yet: there, with an empty week
    assert [d["shifts"] for d in rows[worker_a.pk]["days"]] == [[]] * 7
    assert len(queries.captured_queries) <= 15


def test_a_bulk_put_sets_many_workers_days_at_once_and_null_goes_back_to_the_template(client_for, people, alpha):
    ann = make_worker(people.owner_a, alpha, week=WEEKDAYS, name="Ann")
    bob = make_worker(people.owner_a, alpha, week=WEEKDAYS, name="Bob")
    monday = company_day(alpha, 7, weekday=1)
    tuesday, saturday = monday + timedelta(days=1), monday + timedelta(days=5)
    client = client_for(alpha, people.owner_a)

    response = client.put("/api/v1/office/roster/", {"week_start": monday.isoformat(), "changes": [
        {"worker": ann.pk, "date": tuesday.isoformat(), "shifts": [{"start": "08:00", "end": "12:00"},
                                                                   {"start": "13:00", "end": "17:00"}]},
        {"worker": bob.pk, "date": tuesday.isoformat(), "shifts": []},
        {"worker": bob.pk, "date": saturday.isoformat(), "shifts": [{"start": "10:00", "end": "14:00"}]},
    ]}, format="json")

    assert response.status_code == 200, response.content
    rows = {w["worker"]: w["days"] for w in response.json()["workers"]}
    assert rows[ann.pk][1]["shifts"] == [{"start": "08:00", "end": "12:00"}, {"start": "13:00", "end": "17:00"}]
    assert rows[ann.pk][1]["source"] == "roster"
    assert rows[bob.pk][1] | {"time_off": []} == {"date": tuesday.isoformat(), "source": "roster", "shifts": [],
                                                  "time_off": []}
    assert rows[bob.pk][5]["shifts"] == [{"start": "10:00", "end": "14:00"}]

    back = client.put("/api/v1/office/roster/", {"week_start": monday.isoformat(), "changes": [
        {"worker": bob.pk, "date": tuesday.isoformat(), "shifts": None}]}, format="json")
    assert {w["worker"]: w["days"] for w in back.json()["workers"]}[bob.pk][1]["source"] == "template"


def test_a_bad_change_refuses_the_whole_put(client_for, people, alpha):
    ann = make_worker(people.owner_a, alpha, week=WEEKDAYS, name="Ann")
    monday = company_day(alpha, 7, weekday=1)

    response = client_for(alpha, people.owner_a).put("/api/v1/office/roster/", {
        "week_start": monday.isoformat(), "changes": [
            {"worker": ann.pk, "date": monday.isoformat(), "shifts": [{"start": "08:00", "end": "12:00"}]},
            {"worker": ann.pk, "date": (monday + timedelta(days=9)).isoformat(), "shifts": []},
            {"worker": 999999, "date": monday.isoformat(), "shifts": []},
        ]}, format="json")
    not_monday = client_for(alpha, people.owner_a).put("/api/v1/office/roster/", {
        "week_start": (monday + timedelta(days=1)).isoformat(), "changes": []}, format="json")

    assert response.status_code == 400
    assert "changes.2.worker" in response.json()["fields"]
    assert not Shift.objects.filter(worker=ann).exists()
    assert not_monday.status_code == 400 and "week_start" in not_monday.json()["fields"]


def test_the_roster_is_for_owners_admins_and_dispatchers(client_for, people, alpha):
    assert client_for(alpha, people.worker_a).get("/api/v1/office/roster/").status_code == 403
    assert client_for(alpha, people.dispatcher_a).get("/api/v1/office/roster/").status_code == 200
    assert client_for(alpha, people.dispatcher_a).get("/api/v1/office/roster/", {"week": "nope"}).status_code == 400
