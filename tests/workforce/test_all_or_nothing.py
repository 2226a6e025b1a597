"""The roster PUT and the worker PATCH are each one service call in one transaction: a failure
halfway (after a profile was made, after one day was written) leaves nothing written."""
from __future__ import annotations

from datetime import timedelta

import pytest

from shared_apps.changes.models import Change
from tenant_apps.people.models import StaffMember
from tenant_apps.workforce import services
from tenant_apps.workforce.models import Shift, WorkerProfile
from tests.workforce.builders import company_day


class Halfway(Exception):
    pass


def _fail_on_second_call(function):
    calls = []

    def wrapped(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise Halfway
        return function(*args, **kwargs)

    return wrapped


def test_a_roster_put_that_fails_on_its_second_day_writes_no_day_and_no_record(client_for, people, alpha,
                                                                                       monkeypatch):
    member = StaffMember.objects.get(user=people.worker_a)
    monday = company_day(alpha, 7, weekday=1)
    days = [{"worker": member.pk, "date": monday.isoformat(), "shifts": [{"start": "08:00", "end": "12:00"}]},
            {"worker": member.pk, "date": (monday + timedelta(days=1)).isoformat(),
             "shifts": [{"start": "09:00", "end": "13:00"}]}]
    changes_before = Change.objects.count()
    monkeypatch.setattr(services, "_write_day", _fail_on_second_call(services._write_day))

    with pytest.raises(Halfway):
        client_for(alpha, people.owner_a).put("/api/v1/office/roster/", {
            "week_start": monday.isoformat(), "changes": days}, format="json")

    assert not Shift.objects.filter(worker_id=member.pk).exists()
    assert Change.objects.count() == changes_before


def test_a_roster_put_with_a_bad_day_is_refused_before_anything_is_written(client_for, people, alpha):
    member = StaffMember.objects.get(user=people.worker_a)
    monday = company_day(alpha, 7, weekday=1)

    response = client_for(alpha, people.owner_a).put("/api/v1/office/roster/", {
        "week_start": monday.isoformat(), "changes": [
            {"worker": member.pk, "date": monday.isoformat(), "shifts": [{"start": "08:00", "end": "12:00"},
                                                                         {"start": "11:00", "end": "13:00"}]}]},
        format="json")

    assert response.status_code == 400
    assert response.json()["fields"] == {"changes.0.shifts": ["Two shifts of the same day overlap."]}
    assert not Shift.objects.filter(worker_id=member.pk).exists()


def test_a_worker_patch_that_fails_after_making_the_profile_leaves_no_profile(client_for, people, alpha,
                                                                              monkeypatch):
    member = StaffMember.objects.get(user=people.dispatcher_a)  # office staff who starts doing jobs
    changes_before = Change.objects.count()

    def broken(**kwargs):
        raise Halfway

    monkeypatch.setattr(services, "update_worker_profile", broken)
    with pytest.raises(Halfway):
        client_for(alpha, people.owner_a).patch(f"/api/v1/office/workers/{member.pk}/", {"level": 2},
                                                format="json")

    assert not WorkerProfile.objects.filter(pk=member.pk).exists()
    assert Change.objects.count() == changes_before


def test_a_worker_patch_makes_the_profile_and_sets_it_in_one_go(client_for, people, alpha):
    member = StaffMember.objects.get(user=people.dispatcher_a)

    response = client_for(alpha, people.owner_a).patch(f"/api/v1/office/workers/{member.pk}/",
                                                       {"level": 2, "skills": ["cleaning"]}, format="json")

    assert response.status_code == 200, response.content
    assert (response.json()["level"], response.json()["skills"]) == (2, ["cleaning"])
    assert WorkerProfile.objects.get(pk=member.pk).level == 2
