"""The office's workforce pages: workers, a worker's profile and week, their schedule, time off and
holidays, and the week roster with its bulk edit. Owner/admin change; dispatchers read; workers and
customers are refused; another company's ids are not found."""
from __future__ import annotations

import re
from datetime import time, timedelta

import pytest
from django.db import connection

from tenant_apps.catalog import services as catalog
from tenant_apps.people.models import StaffMember
from tenant_apps.people.services import ensure_customer
from tenant_apps.scheduling.selectors import JobRequest
from tenant_apps.scheduling.services import HoldRequest, place_hold
from tenant_apps.workforce.models import Shift, ShiftTemplate, TimeOff, WorkerProfile
from tests.workforce.builders import SHANGHAI, at, company_day, enter, make_service, make_worker


@pytest.fixture
def alpha(people):
    enter(people.company_a)
    return people.company_a


@pytest.fixture
def li(people, alpha):
    return make_worker(people.owner_a, alpha, name="Li Na", skills=("cleaning", "ironing"))


PAGES = ["/office/workers/", "/office/roster/", "/office/time-off/"]


@pytest.mark.parametrize("path", PAGES)
def test_owner_and_dispatcher_read_the_workforce_pages(page_client, people, alpha, li, path):
    for user in (people.owner_a, people.dispatcher_a):
        response = page_client(alpha, user).get(path)
        assert response.status_code == 200, (user, path)
        assert "Li Na" in response.content.decode() or path == "/office/time-off/"


@pytest.mark.parametrize("path", [*PAGES, "/office/workers/{li}/", "/office/workers/{li}/schedule/"])
def test_workers_and_customers_cannot_open_the_workforce_pages(page_client, people, alpha, li, path):
    path = path.format(li=li.pk)

    assert page_client(alpha, people.worker_a).get(path).status_code == 403
    assert page_client(alpha, people.customer_a).get(path).status_code == 403
    assert page_client(alpha).get(path).status_code == 302


def test_the_list_shows_skills_level_and_status_and_only_managers_can_invite(page_client, people, alpha, li):
    owner = page_client(alpha, people.owner_a).get("/office/workers/").content.decode()
    dispatcher = page_client(alpha, people.dispatcher_a).get("/office/workers/").content.decode()

    # skills by name, not by code
    assert "Cleaning, Ironing" in owner and "Invite worker" in owner
    assert "Invite worker" not in dispatcher and "Cleaning, Ironing" in dispatcher
    assert "Workers" in owner and 'href="/office/roster/"' in owner  # in the office nav


def test_owner_invites_a_worker_with_skills(page_client, client_for, people, alpha):
    from shared_apps.accounts.models import User
    from tests.people.test_staff_api import accept_invitation

    response = page_client(alpha, people.owner_a).post("/office/workers/invite/", {
        "phone": "+8613100000777", "skills": ["cleaning", "childcare"], "level": "3"})

    assert response.status_code == 302
    user = User.objects.get(phone="+8613100000777")
    accept_invitation(client_for, user, alpha)
    connection.set_tenant(alpha)
    worker = WorkerProfile.objects.get(staff_member__user=user)
    assert sorted(worker.skills) == ["childcare", "cleaning"] and worker.level == 3


def test_a_bad_invite_is_field_messages_not_a_500(page_client, people, alpha):
    response = page_client(alpha, people.owner_a).post("/office/workers/invite/", {
        "phone": "not a phone", "skills": ["bad skill!"], "level": "99", "price_adjustment_percent": "x",
        "status": "active"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Select a valid choice. bad skill! is not one" in html and 'id="level-errors"' in html


def test_dispatcher_cannot_change_a_worker(page_client, people, alpha, li):
    client = page_client(alpha, people.dispatcher_a)

    assert client.post(f"/office/workers/{li.pk}/save/", {"level": "5"}).status_code == 403
    assert client.post(f"/office/workers/{li.pk}/week/", {}).status_code == 403
    assert client.post("/office/roster/set/", {}).status_code == 403
    assert client.post("/office/time-off/add/", {}).status_code == 403
    html = client.get(f"/office/workers/{li.pk}/").content.decode()
    assert "Save profile" not in html and "disabled" in html


def test_owner_edits_a_profile_and_places_the_home_base_by_its_address(page_client, people, alpha, li):
    client = page_client(alpha, people.owner_a)
    zone = catalog.create_zone(actor=people.owner_a, values={
        "name": {"en": "Huangpu"}, "kind": "radius", "center_latitude": 31.2304, "center_longitude": 121.4737,
        "radius_km": 8})
    base = {"skills": "cleaning", "level": "4", "price_adjustment_percent": "10", "status": "suspended"}
    page = client.get(f"/office/workers/{li.pk}/").content.decode()
    assert "Home address" in page and "Home latitude" not in page  # nobody types coordinates

    radius_alone = client.post(f"/office/workers/{li.pk}/save/", {**base, "service_radius_km": "5"})
    unknown = client.post(f"/office/workers/{li.pk}/save/", {**base, "home_address": "8 Bund Road"})
    placed = client.post(f"/office/workers/{li.pk}/save/", {**base, "home_address": "8 Bund Road",
                                                            "home_zone": zone.pk, "service_radius_km": "12"})

    assert radius_alone.status_code == 400 and "Set the home base first" in radius_alone.content.decode()
    # no geocoder knows it (none is configured in tests) and no district was chosen
    assert unknown.status_code == 400 and "We could not find this address" in unknown.content.decode()
    assert placed.status_code == 302
    li.refresh_from_db()
    assert (li.level, li.status, float(li.service_radius_km)) == (4, "suspended", 12.0)
    assert (float(li.home_latitude), float(li.home_longitude), li.home_address, li.home_is_approximate) == (
        31.2304, 121.4737, "8 Bund Road", True)
    assert "placed at the district" in client.get(f"/office/workers/{li.pk}/").content.decode()


def test_saving_the_profile_keeps_a_home_base_set_from_the_phone_and_an_empty_address_clears_a_typed_one(
        page_client, people, alpha, li, settings, monkeypatch):
    from shared_apps import geocoding
    from tenant_apps.workforce.services import update_worker_profile

    client = page_client(alpha, people.owner_a)
    base = {"skills": "cleaning", "level": "4", "price_adjustment_percent": "0", "status": "active"}
    update_worker_profile(actor=people.owner_a, worker=li, changes={"home": {"latitude": 31.2, "longitude": 121.5}})

    assert client.post(f"/office/workers/{li.pk}/save/", {**base, "home_address": ""}).status_code == 302
    li.refresh_from_db()
    assert (float(li.home_latitude), float(li.home_longitude)) == (31.2, 121.5)  # the phone's point stays

    settings.GEOCODING_AMAP_KEY = "test-key"
    monkeypatch.setattr(geocoding.urllib.request, "urlopen", lambda url, timeout: _Answer(
        {"status": "1", "geocodes": [{"location": "121.490000,31.240000"}]}))
    assert client.post(f"/office/workers/{li.pk}/save/", {**base, "home_address": "8 Bund Road"}).status_code == 302
    li.refresh_from_db()
    assert (float(li.home_latitude), float(li.home_longitude), li.home_is_approximate) == (31.24, 121.49, False)

    assert client.post(f"/office/workers/{li.pk}/save/", {**base, "home_address": ""}).status_code == 302
    li.refresh_from_db()
    assert (li.home_latitude, li.home_address) == (None, "")


class _Answer:
    def __init__(self, body: dict):
        import json

        self.body = json.dumps(body).encode()

    def read(self):
        return self.body

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_a_profile_is_made_for_a_worker_who_had_none(page_client, people, alpha):
    member = StaffMember.objects.get(user=people.worker_a)
    client = page_client(alpha, people.owner_a)

    assert client.get(f"/office/workers/{member.pk}/").status_code == 200
    response = client.post(f"/office/workers/{member.pk}/save/", {"skills": "cleaning", "level": "2",
                                                                  "price_adjustment_percent": "0",
                                                                  "status": "active"})

    assert response.status_code == 302 and WorkerProfile.objects.get(pk=member.pk).skills == ["cleaning"]


def test_owner_sets_a_week_and_overlaps_are_refused(page_client, people, alpha, li):
    client = page_client(alpha, people.owner_a)

    saved = client.post(f"/office/workers/{li.pk}/week/", {"d1_0_start": "08:00", "d1_0_end": "12:00",
                                                           "d1_1_start": "13:00", "d1_1_end": "17:00",
                                                           "d6_0_start": "10:00", "d6_0_end": "14:00"})
    overlap = client.post(f"/office/workers/{li.pk}/week/", {"d2_0_start": "08:00", "d2_0_end": "12:00",
                                                             "d2_1_start": "11:00", "d2_1_end": "15:00"})
    half = client.post(f"/office/workers/{li.pk}/week/", {"d3_0_start": "08:00"})
    garbage = client.post(f"/office/workers/{li.pk}/week/", {"d3_0_start": "8 o'clock", "d3_0_end": "x"})

    assert saved.status_code == 302
    assert [(t.weekday, t.start_time, t.end_time) for t in ShiftTemplate.objects.filter(worker=li)] == [
        (1, time(8), time(12)), (1, time(13), time(17)), (6, time(10), time(14))]
    assert overlap.status_code == 400 and "overlap" in overlap.content.decode()
    assert half.status_code == 400 and "Give both the start and the end." in half.content.decode()
    assert garbage.status_code == 400
    assert ShiftTemplate.objects.filter(worker=li).count() == 3


def test_time_off_and_a_company_holiday(page_client, people, alpha, li):
    client = page_client(alpha, people.owner_a)
    day = company_day(alpha, 5)

    own = client.post("/office/time-off/add/", {"worker": li.pk, "start_date": day, "end_date": day,
                                                "note": "Dentist"})
    holiday = client.post("/office/time-off/add/", {"worker": "", "start_date": day, "end_date": day,
                                                    "note": "Founders' day"})
    backwards = client.post("/office/time-off/add/", {"worker": li.pk, "start_date": day,
                                                      "end_date": day - timedelta(days=2)})

    assert own.status_code == holiday.status_code == 302
    assert backwards.status_code == 400 and "The end is before the start." in backwards.content.decode()
    html = client.get("/office/time-off/").content.decode()
    assert "Dentist" in html and "Founders&#x27; day" in html and "Company holiday" in html
    holiday_row = TimeOff.objects.get(worker__isnull=True)
    assert client.post(f"/office/time-off/{holiday_row.pk}/delete/").status_code == 302
    assert not TimeOff.objects.filter(pk=holiday_row.pk).exists()


def test_the_roster_shows_hours_and_assignments_and_sets_a_day_for_several_workers(page_client, people, alpha, li):
    other = make_worker(people.owner_a, alpha, name="Chen Bo")
    service = make_service(people.owner_a, duration=60)
    day = company_day(alpha, 7, weekday=2)
    customer = ensure_customer(company=alpha, user=people.customer_a)
    place_hold(actor=people.customer_a, customer=customer, request=HoldRequest(
        job=JobRequest(service_id=service.pk, location=SHANGHAI), start=at(alpha, day, 10), worker_ids=(li.pk,)))
    client = page_client(alpha, people.owner_a)

    html = client.get("/office/roster/", {"week": day.isoformat()}).content.decode()
    response = client.post("/office/roster/set/", {"workers": [li.pk, other.pk], "day": day.isoformat(),
                                                   "mode": "hours", "start_time": "12:00", "end_time": "16:00"})
    off = client.post("/office/roster/set/", {"workers": [other.pk], "day": (day + timedelta(days=1)).isoformat(),
                                              "mode": "off"})
    missing_hours = client.post("/office/roster/set/", {"workers": [li.pk], "day": day.isoformat(), "mode": "hours"})

    row = html[html.index(f'id="roster-{li.pk}"'):]
    assert "09:00–18:00" in row and "10:00 held" in row
    assert response.status_code == 302 and off.status_code == 302
    assert {(s.worker_id, s.start_time) for s in Shift.objects.filter(date=day)} == {
        (li.pk, time(12)), (other.pk, time(12))}
    assert Shift.objects.get(worker=other, date=day + timedelta(days=1)).is_day_off
    assert missing_hours.status_code == 400 and "Give the hours." in missing_hours.content.decode()


def test_a_workers_schedule_lists_their_assignments_by_day(page_client, people, alpha, li):
    service = make_service(people.owner_a, duration=60, name="Window wash")
    day = company_day(alpha, 7, weekday=4)
    customer = ensure_customer(company=alpha, user=people.customer_a)
    place_hold(actor=people.customer_a, customer=customer, request=HoldRequest(
        job=JobRequest(service_id=service.pk, location=SHANGHAI), start=at(alpha, day, 14), worker_ids=(li.pk,)))

    html = page_client(alpha, people.dispatcher_a).get(f"/office/workers/{li.pk}/schedule/",
                                                        {"week": day.isoformat()}).content.decode()

    assert "14:00–15:00 Window wash" in html and "Held" in html and "09:00–18:00" in html


@pytest.mark.parametrize("week", ["garbage", "2020-02-30", ""])
def test_odd_weeks_are_this_week_not_a_500(page_client, people, alpha, li, week):
    client = page_client(alpha, people.owner_a)

    assert client.get("/office/roster/", {"week": week}).status_code == 200
    assert client.get(f"/office/workers/{li.pk}/schedule/", {"week": week}).status_code == 200


def test_company_bs_workers_are_not_found_on_alphas_host(page_client, people, alpha, in_schema):
    with in_schema(people.company_b.schema_name):
        bravo_ids = list(StaffMember.objects.values_list("pk", flat=True))
    enter(alpha)
    alpha_ids = set(StaffMember.objects.values_list("pk", flat=True))
    foreign = max([*bravo_ids, *alpha_ids]) + 100  # bravo's ids may collide with alpha's; this one is nobody's here
    client = page_client(alpha, people.owner_a)

    for worker_id in (foreign, "abc", "-1"):
        assert client.get(f"/office/workers/{worker_id}/").status_code == 404
        assert client.get(f"/office/workers/{worker_id}/schedule/").status_code == 404
        assert client.post(f"/office/workers/{worker_id}/save/", {"level": "2"}).status_code == 404
    assert client.post("/office/time-off/999999/delete/").status_code == 404


def test_skills_are_ticked_from_the_companys_list_by_name(page_client, people, alpha, li):
    html = page_client(alpha, people.owner_a).get(f"/office/workers/{li.pk}/").content.decode()

    # the company's services ask for cleaning and childcare; Li's own "ironing" stays listed
    for code, name in (("cleaning", "Cleaning"), ("childcare", "Childcare"), ("ironing", "Ironing")):
        box = re.search(rf'<input type="checkbox" name="skills" value="{code}"[^>]*>', html)
        assert box, code
        assert name in html
    assert re.search(r'value="cleaning"[^>]*checked', html) and not re.search(r'value="childcare"[^>]*checked', html)
    assert "Separated by commas" not in html


@pytest.mark.parametrize("typed", ["2026年12月3日", "2026-12-03", "2026/12/03"])
def test_chinese_date_fields_take_dates_written_the_chinese_way(page_client, people, alpha, li, typed):
    client = page_client(alpha, people.owner_a, HTTP_ACCEPT_LANGUAGE="zh-CN")

    response = client.post("/office/time-off/add/", {"worker": li.pk, "start_date": typed, "end_date": typed,
                                                    "note": "看牙"})

    assert response.status_code == 302, response.content.decode()[:2000]
    assert TimeOff.objects.get(note="看牙").start_date.isoformat() == "2026-12-03"


def test_a_day_off_in_chinese_is_rest_not_disabled(page_client, people, alpha, li):
    html = page_client(alpha, people.owner_a, HTTP_ACCEPT_LANGUAGE="zh-CN").get("/office/roster/").content.decode()

    assert "休息" in html and "已停用" not in html
    # and a date input's value is one <input type="date"> accepts
    week = page_client(alpha, people.owner_a, HTTP_ACCEPT_LANGUAGE="zh-CN").get("/office/time-off/").content.decode()
    assert not re.search(r'type="date"[^>]*value="\d{4}/', week)
