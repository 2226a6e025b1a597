"""Week templates, dated shifts and time off through /api/v1/office/..."""
from datetime import time, timedelta

import pytest

from tenant_apps.people.models import StaffMember
from tenant_apps.workforce.models import Shift, ShiftTemplate
from tests.workforce.builders import company_day, make_worker

WEEKDAYS = [{"weekday": d, "start_time": "09:00", "end_time": "18:00"} for d in range(1, 6)]


@pytest.fixture
def worker(alpha, people):
    return make_worker(people.owner_a, alpha, week=(), name="Li Na")


def test_the_week_template_is_replaced_as_a_whole_and_read_back(client_for, people, worker):
    client = client_for(people.company_a, people.dispatcher_a)
    url = f"/api/v1/office/workers/{worker.pk}/shift-templates/"

    put = client.put(url, {"shifts": WEEKDAYS}, format="json")
    added = client.post(url, {"weekday": 6, "start_time": "22:00", "end_time": "06:00"}, format="json")
    got = client.get(url).json()

    assert put.status_code == 200 and len(put.json()) == 5
    assert added.status_code == 201, added.content
    assert [(t["weekday"], t["start_time"], t["end_time"]) for t in got] == [
        *((d, "09:00", "18:00") for d in range(1, 6)), (6, "22:00", "06:00")]


@pytest.mark.parametrize("shifts", [
    [{"weekday": 1, "start_time": "09:00", "end_time": "12:00"}, {"weekday": 1, "start_time": "11:00",
                                                                  "end_time": "14:00"}],
    # Sunday night runs into Monday morning.
    [{"weekday": 7, "start_time": "22:00", "end_time": "08:00"}, {"weekday": 1, "start_time": "07:00",
                                                                  "end_time": "12:00"}],
])
def test_overlapping_shifts_of_the_week_are_refused(client_for, people, worker, shifts):
    response = client_for(people.company_a, people.owner_a).put(
        f"/api/v1/office/workers/{worker.pk}/shift-templates/", {"shifts": shifts}, format="json")

    assert response.status_code == 400 and "shifts" in response.json()["fields"]
    assert not ShiftTemplate.objects.filter(worker=worker).exists()


def test_an_extra_shift_keeps_the_days_usual_hours_and_deleting_the_last_one_leaves_a_day_off(
        client_for, people, worker):
    client = client_for(people.company_a, people.dispatcher_a)
    client.put(f"/api/v1/office/workers/{worker.pk}/shift-templates/", {"shifts": WEEKDAYS}, format="json")
    monday = company_day(people.company_a, 3, weekday=1)

    extra = client.post("/api/v1/office/shifts/", {"worker": worker.pk, "date": monday.isoformat(),
                                                   "start_time": "19:00", "end_time": "22:00"}, format="json")
    clash = client.post("/api/v1/office/shifts/", {"worker": worker.pk, "date": monday.isoformat(),
                                                   "start_time": "17:00", "end_time": "20:00"}, format="json")
    listed = client.get("/api/v1/office/shifts/", {"worker": worker.pk, "start": monday.isoformat(),
                                                   "end": monday.isoformat()}).json()

    assert extra.status_code == 201 and clash.status_code == 400
    assert [(s["start_time"], s["end_time"]) for s in listed] == [("09:00", "18:00"), ("19:00", "22:00")]
    for shift in listed:
        assert client.delete(f"/api/v1/office/shifts/{shift['id']}/").status_code == 204
    assert list(Shift.objects.filter(worker=worker, date=monday).values_list("start_time", flat=True)) == [None]

    again = client.post("/api/v1/office/shifts/", {"worker": worker.pk, "date": monday.isoformat(),
                                                   "start_time": "10:00", "end_time": "12:00"}, format="json")
    assert again.status_code == 201
    assert list(Shift.objects.filter(worker=worker, date=monday).values_list("start_time", flat=True)) == [time(10)]


def test_time_off_and_company_holidays(client_for, people, worker):
    client = client_for(people.company_a, people.dispatcher_a)
    day = company_day(people.company_a, 3)

    afternoon = client.post("/api/v1/office/time-off/", {"worker": worker.pk, "start_date": day.isoformat(),
                                                         "start_time": "13:00", "end_time": "18:00",
                                                         "note": "Dentist"}, format="json")
    festival = client.post("/api/v1/office/time-off/", {"kind": "holiday", "start_date": day.isoformat(),
                                                        "end_date": (day + timedelta(days=6)).isoformat()},
                           format="json")
    holiday_for_one = client.post("/api/v1/office/time-off/", {"kind": "holiday", "worker": worker.pk,
                                                               "start_date": day.isoformat()}, format="json")
    backwards = client.post("/api/v1/office/time-off/", {"worker": worker.pk, "start_date": day.isoformat(),
                                                         "start_time": "15:00", "end_time": "13:00"}, format="json")
    listed = client.get("/api/v1/office/time-off/", {"worker": worker.pk, "start": day.isoformat(),
                                                     "end": day.isoformat()}).json()

    assert afternoon.status_code == 201, afternoon.content
    assert afternoon.json()["starts_at"] == f"{day.isoformat()}T13:00:00+08:00"
    assert festival.status_code == 201 and festival.json()["worker"] is None
    assert festival.json()["ends_at"] == f"{(day + timedelta(days=7)).isoformat()}T00:00:00+08:00"
    assert holiday_for_one.status_code == 400 and "worker" in holiday_for_one.json()["fields"]
    assert backwards.status_code == 400 and "end_time" in backwards.json()["fields"]
    assert {t["kind"] for t in listed} == {"time_off", "holiday"}

    changed = client.patch(f"/api/v1/office/time-off/{afternoon.json()['id']}/", {"start_time": "14:00"},
                           format="json")
    assert changed.status_code == 200 and changed.json()["start_time"] == "14:00"
    assert client.delete(f"/api/v1/office/time-off/{festival.json()['id']}/").status_code == 204


def test_finance_staff_and_workers_cannot_edit_shifts(client_for, people, worker):
    url = f"/api/v1/office/workers/{worker.pk}/shift-templates/"
    own = StaffMember.objects.get(user=people.worker_a)

    assert client_for(people.company_a, people.worker_a).get(url).status_code == 403
    assert client_for(people.company_a, people.worker_a).get(
        f"/api/v1/office/workers/{own.pk}/shift-templates/").status_code == 403
    assert client_for(people.company_a).put(url, {"shifts": []}, format="json").status_code == 401
    assert client_for(people.company_b, people.owner_b).get(url).status_code == 404
