"""/api/v1/office/workers/: invite workers by phone, their profiles, suspend and remove them."""
import pytest
from django_tenants.utils import schema_context

from shared_apps.accounts.models import User
from shared_apps.changes.models import Change
from tenant_apps.people.models import StaffMember
from tenant_apps.workforce.models import WorkerProfile
from tests.people.test_staff_api import accept_invitation
from tests.workforce.builders import make_service, next_phone

PROFILE = {"skills": ["Cleaning", "deep-cleaning"], "level": 3, "price_adjustment_percent": "10.00",
           "home": {"latitude": 31.2, "longitude": 121.5}, "service_radius_km": "12.50"}


def test_the_owner_invites_a_worker_by_phone_with_a_profile(client_for, people, alpha):
    service = make_service(people.owner_a)
    phone = next_phone()

    office = client_for(alpha, people.owner_a)
    response = office.post("/api/v1/office/workers/", {
        "phone": phone, "services": [service.pk], **PROFILE}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "pending"
    user = User.objects.get(phone=phone)
    user.name = "Li Na"
    user.save()
    accept_invitation(client_for, user, alpha)

    body = next(w for w in office.get("/api/v1/office/workers/").json() if w["phone"] == phone)
    assert body["phone"] == phone and body["name"] == "Li Na" and body["role"] == "worker"
    assert body["skills"] == ["cleaning", "deep-cleaning"] and body["level"] == 3
    assert body["services"] == [service.pk] and body["status"] == "active" and body["is_active"]
    assert body["price_adjustment_percent"] == "10.00" and body["service_radius_km"] == "12.50"
    assert body["home"] == {"latitude": 31.2, "longitude": 121.5}
    assert Change.objects.filter(action="worker.invited", actor=people.owner_a).exists()
    assert Change.objects.filter(action="worker.joined", target_id=body["id"], actor=user).exists()


def test_one_person_works_for_two_companies_with_one_identity(client_for, people, alpha):
    phone = next_phone()

    in_a = client_for(alpha, people.owner_a).post("/api/v1/office/workers/", {"phone": phone}, format="json")
    in_b = client_for(people.company_b, people.owner_b).post("/api/v1/office/workers/", {"phone": phone,
                                                                                          "level": 5}, format="json")

    assert in_a.status_code == in_b.status_code == 201
    user = User.objects.get(phone=phone)
    accept_invitation(client_for, user, alpha)
    accept_invitation(client_for, user, people.company_b)
    a = next(w for w in client_for(alpha, people.owner_a).get("/api/v1/office/workers/").json()
             if w["phone"] == phone)
    b = next(w for w in client_for(people.company_b, people.owner_b).get("/api/v1/office/workers/").json()
             if w["phone"] == phone)
    assert a["user_id"] == b["user_id"] == user.pk
    assert (a["level"], b["level"]) == (1, 5)  # each company's own profile


def test_the_profile_can_be_changed_and_the_worker_suspended(client_for, people, alpha):
    worker_a = StaffMember.objects.get(user=people.worker_a)  # a worker from before profiles existed
    client = client_for(alpha, people.owner_a)

    changed = client.patch(f"/api/v1/office/workers/{worker_a.pk}/", {"skills": ["plumbing"], "status": "suspended",
                                                                      "home": None}, format="json")
    listed = client.get("/api/v1/office/workers/").json()

    assert changed.status_code == 200, changed.content
    assert changed.json()["skills"] == ["plumbing"] and changed.json()["status"] == "suspended"
    assert {w["id"]: w["status"] for w in listed}[worker_a.pk] == "suspended"
    assert WorkerProfile.objects.get(pk=worker_a.pk).skills == ["plumbing"]


def test_removing_a_worker_takes_them_off_the_staff(client_for, people, alpha):
    worker_a = StaffMember.objects.get(user=people.worker_a)

    response = client_for(alpha, people.owner_a).delete(f"/api/v1/office/workers/{worker_a.pk}/")

    assert response.status_code == 204
    worker_a.refresh_from_db()
    assert not worker_a.is_active


@pytest.mark.parametrize("body, field", [
    ({"phone": "12"}, "phone"),
    ({"phone": "+8613100009999", "level": 11}, "level"),
    ({"phone": "+8613100009999", "skills": ["no spaces"]}, "skills.0"),
    ({"phone": "+8613100009999", "services": [999999]}, "services"),
    ({"phone": "+8613100009999", "service_radius_km": "5"}, "service_radius_km"),
    ({"phone": "+8613100009999", "home": {"latitude": 91, "longitude": 0}}, "home.latitude"),
    ({"phone": "+8613100009999", "status": "retired"}, "status"),
])
def test_bad_input_is_a_field_error(client_for, people, alpha, body, field):
    response = client_for(alpha, people.owner_a).post("/api/v1/office/workers/", body, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()["fields"], response.json()


def test_only_owners_and_admins_change_workers_and_workers_see_no_list(client_for, people, alpha):
    dispatcher = client_for(alpha, people.dispatcher_a)
    worker = client_for(alpha, people.worker_a)
    member = StaffMember.objects.get(user=people.worker_a)

    assert dispatcher.get("/api/v1/office/workers/").status_code == 200
    assert dispatcher.post("/api/v1/office/workers/", {"phone": next_phone()}, format="json").status_code == 403
    assert dispatcher.patch(f"/api/v1/office/workers/{member.pk}/", {"level": 2}, format="json").status_code == 403
    assert worker.get("/api/v1/office/workers/").status_code == 403
    assert client_for(alpha).get("/api/v1/office/workers/").status_code == 401
    assert client_for(alpha, people.owner_a).get("/api/v1/office/workers/null,null/").status_code == 404


def test_the_other_company_sees_none_of_it(client_for, people, alpha):
    member = StaffMember.objects.get(user=people.worker_a)

    listed = client_for(people.company_b, people.owner_b).get("/api/v1/office/workers/").json()
    one = client_for(people.company_b, people.owner_b).get(f"/api/v1/office/workers/{member.pk}/")

    with schema_context(people.company_b.schema_name):
        theirs = set(StaffMember.objects.values_list("pk", flat=True))
    assert {w["id"] for w in listed} <= theirs
    assert people.worker_a.phone not in {w["phone"] for w in listed}
    assert one.status_code == 404 or one.json()["phone"] != people.worker_a.phone
