"""Staff and workers join by an invitation the person accepts. Before that the company knows only the
number it typed: no name, no access to the office or to tasks; only the invited person can answer."""
from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from shared_apps.notifications.models import Outbox
from tenant_apps.people.models import StaffInvitation, StaffMember
from tests.people.test_staff_api import accept_invitation


@pytest.fixture
def office(client_for, people):
    return client_for(people.company_a, people.owner_a)


def test_an_invited_customer_gets_no_office_access_until_they_accept(office, client_for, people):
    customer = client_for(people.company_a, people.customer_a)
    office.post("/api/v1/office/staff/", {"phone": people.PHONES["customer_a"], "role": "dispatcher"}, format="json")

    before = customer.get("/api/v1/office/orders/")
    accept_invitation(client_for, people.customer_a, people.company_a)
    after = customer.get("/api/v1/office/orders/")

    assert before.status_code == 403
    assert after.status_code == 200


def test_an_invited_worker_gets_no_tasks_and_is_not_offered_until_they_accept(office, client_for, people):
    response = office.post("/api/v1/office/workers/", {"phone": people.PHONES["worker_b"], "skills": ["cleaning"],
                                                       "level": 3}, format="json")
    listed_before = [w["id"] for w in office.get("/api/v1/office/workers/").json()]

    assert response.status_code == 201, response.json()
    assert set(response.json()) == {"id", "phone", "role", "status", "created_at"}
    assert people.worker_b.name not in office.get("/api/v1/office/workers/").content.decode()
    with schema_context(people.company_a.schema_name):
        assert not StaffMember.objects.filter(user=people.worker_b).exists()

    accept_invitation(client_for, people.worker_b, people.company_a)

    workers = office.get("/api/v1/office/workers/").json()
    joined = [w for w in workers if w["id"] not in listed_before]
    assert len(joined) == 1
    assert joined[0]["skills"] == ["cleaning"] and joined[0]["level"] == 3


def test_the_person_is_told_in_the_app_and_by_sms(office, people):
    office.post("/api/v1/office/staff/", {"phone": people.PHONES["worker_b"], "role": "worker"}, format="json")

    message = Outbox.objects.get(user=people.worker_b, kind="staff.invited")
    assert message.context["company"] == "Alpha Cleaning"
    assert {"inbox", "sms"} <= set(message.channels)


def test_only_the_invited_person_can_answer(office, client_for, people):
    office.post("/api/v1/office/staff/", {"phone": people.PHONES["worker_b"], "role": "admin"}, format="json")
    with schema_context(people.company_a.schema_name):
        invitation = StaffInvitation.objects.get(user=people.worker_b)
    base = f"/api/v1/worker/invitations/{people.company_a.pk}/{invitation.pk}/"

    stranger = client_for(None, people.customer_b).post(base + "accept/")
    the_owner = client_for(None, people.owner_a).post(base + "accept/")
    listed = client_for(None, people.customer_b).get("/api/v1/worker/invitations/").json()

    assert stranger.status_code == the_owner.status_code == 404
    assert listed == []
    with schema_context(people.company_a.schema_name):
        assert not StaffMember.objects.filter(user=people.worker_b).exists()


def test_a_declined_invitation_gives_nothing_and_cannot_be_accepted_later(office, client_for, people):
    office.post("/api/v1/office/staff/", {"phone": people.PHONES["worker_b"], "role": "worker"}, format="json")
    with schema_context(people.company_a.schema_name):
        invitation = StaffInvitation.objects.get(user=people.worker_b)

    accept_invitation(client_for, people.worker_b, people.company_a, answer="decline")
    late = client_for(None, people.worker_b).post(
        f"/api/v1/worker/invitations/{people.company_a.pk}/{invitation.pk}/accept/")

    assert late.status_code == 404
    with schema_context(people.company_a.schema_name):
        assert StaffInvitation.objects.get(pk=invitation.pk).status == "declined"
        assert not StaffMember.objects.filter(user=people.worker_b).exists()


def test_pages_office_invites_and_the_worker_accepts_in_the_worker_app(people):
    office = Client(HTTP_HOST="alpha.localhost")
    office.force_login(people.owner_a)
    app = Client(HTTP_HOST="localhost")
    app.force_login(people.worker_b)

    sent = office.post("/office/workers/invite/", {"phone": people.PHONES["worker_b"], "level": "1"}, follow=True)
    staff_page = office.get("/office/staff/").content.decode()
    home = app.get("/worker/").content.decode()

    assert "Invitation sent to +8613900139003" in sent.content.decode()
    assert people.worker_b.name not in sent.content.decode() and people.worker_b.name not in staff_page
    assert "+8613900139003" in staff_page
    assert "Alpha Cleaning invites you to join as Worker." in home
    with schema_context(people.company_a.schema_name):
        invitation = StaffInvitation.objects.get(user=people.worker_b)

    joined = app.post(f"/worker/invitations/{people.company_a.pk}/{invitation.pk}/accept/", follow=True)

    assert "You have joined Alpha Cleaning." in joined.content.decode()
    assert people.worker_b.name in office.get("/office/staff/").content.decode()
