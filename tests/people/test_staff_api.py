"""The staff endpoints: who sees whom, who may add and change staff, and the last owner."""
import pytest
from django_tenants.utils import schema_context

from tenant_apps.people.models import StaffMember
from tenants.models import Affiliation


@pytest.fixture
def staff_ids(people):
    """user pk -> staff id in company A."""
    with schema_context(people.company_a.schema_name):
        return dict(StaffMember.objects.values_list("user_id", "id"))


@pytest.fixture
def admin_a(client_for, people):
    """An admin of company A, added by its owner through the API."""
    from shared_apps.accounts.models import User

    response = client_for(people.company_a, people.owner_a).post(
        "/api/v1/office/staff/", {"phone": "+8613800138009", "role": "admin"}, format="json")
    assert response.status_code == 201, response.json()
    admin = User.objects.get(phone="+8613800138009")
    accept_invitation(client_for, admin, people.company_a)
    return admin


def accept_invitation(client_for, user, company, *, answer="accept"):
    """The invited person answers in the worker app (platform host)."""
    app = client_for(None, user)
    waiting = [i for i in app.get("/api/v1/worker/invitations/").json() if i["company_id"] == company.pk]
    assert len(waiting) == 1, waiting
    response = app.post(f"/api/v1/worker/invitations/{company.pk}/{waiting[0]['invitation_id']}/{answer}/")
    assert response.status_code == 200, response.json()
    return response


# --- reading ----------------------------------------------------------------------------------

@pytest.mark.parametrize("who", ["owner_a", "dispatcher_a"])
def test_office_staff_see_everyone_with_full_phones(client_for, people, who):
    response = client_for(people.company_a, getattr(people, who)).get("/api/v1/office/staff/")

    assert response.status_code == 200
    listed = {m["user_id"]: m for m in response.json()}
    assert set(listed) == {people.owner_a.pk, people.dispatcher_a.pk, people.worker_a.pk, people.shared_worker.pk}
    assert listed[people.worker_a.pk]["phone"] == "+8613800138003"


def test_a_worker_sees_only_their_own_row(client_for, people, staff_ids):
    client = client_for(people.company_a, people.worker_a)

    listed = client.get("/api/v1/office/staff/").json()
    own = client.get(f"/api/v1/office/staff/{staff_ids[people.worker_a.pk]}/")
    others = [client.get(f"/api/v1/office/staff/{staff_ids[u.pk]}/")
              for u in (people.owner_a, people.dispatcher_a, people.shared_worker)]

    assert [(m["user_id"], m["phone"]) for m in listed] == [(people.worker_a.pk, "+8613800138003")]
    assert own.status_code == 200 and own.json()["role"] == "worker"
    assert [r.status_code for r in others] == [404, 404, 404]
    assert {r.json()["code"] for r in others} == {"not_found"}


@pytest.mark.parametrize("who", ["customer_a", "operator", "owner_b"])
def test_people_who_are_not_staff_here_cannot_read_the_staff(client_for, people, staff_ids, who):
    client = client_for(people.company_a, getattr(people, who))

    assert client.get("/api/v1/office/staff/").status_code == 403
    assert client.get(f"/api/v1/office/staff/{staff_ids[people.owner_a.pk]}/").status_code == 403


def test_anonymous_callers_are_asked_to_sign_in(client_for, people):
    response = client_for(people.company_a).get("/api/v1/office/staff/")

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_the_staff_list_reads_a_fixed_number_of_queries(client_for, people, django_assert_max_num_queries):
    from tenant_apps.people.services import invite_staff_member

    with schema_context(people.company_a.schema_name):
        for i in range(5):
            invite_staff_member(actor=people.owner_a, company=people.company_a, phone=f"+86138001381{i:02d}",
                                role="worker")
    client = client_for(people.company_a, people.owner_a)
    client.get("/api/v1/me/")  # the host lookup is cached from here on

    # the schema switch, the token with its user, the caller's staff row, the staff with their users
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/office/staff/")

    assert len(response.json()) == 9


@pytest.mark.parametrize("member_id", ["null,null", "-1", "0", "99999999999999999999", "1.5", "abc", "%00", "1e3"])
def test_odd_path_ids_are_not_found_never_a_crash(client_for, people, member_id):
    client = client_for(people.company_a, people.owner_a)

    read = client.get(f"/api/v1/office/staff/{member_id}/")
    change = client.patch(f"/api/v1/office/staff/{member_id}/", {"role": "worker"}, format="json")

    assert (read.status_code, change.status_code) == (404, 404)
    assert read.json()["code"] == "not_found"


# --- adding -----------------------------------------------------------------------------------

def test_an_owner_invites_a_worker_by_phone_and_learns_nothing_until_they_accept(client_for, people):
    office = client_for(people.company_a, people.owner_a)

    response = office.post("/api/v1/office/staff/", {"phone": "139 1234 5678", "role": "worker"}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "phone", "role", "status", "created_at"}
    assert (body["phone"], body["role"], body["status"]) == ("+8613912345678", "worker", "pending")
    with schema_context(people.company_a.schema_name):
        assert not StaffMember.objects.filter(user__phone="+8613912345678").exists()
    affiliation = Affiliation.objects.get(user__phone="+8613912345678", company=people.company_a)
    assert (affiliation.kind, affiliation.role) == ("invitation", "worker")


def test_accepting_makes_the_person_staff_and_the_directory_mirrors_it(client_for, people):
    from shared_apps.accounts.models import User

    client_for(people.company_a, people.owner_a).post(
        "/api/v1/office/staff/", {"phone": "+8613912345678", "role": "worker"}, format="json")
    user = User.objects.get(phone="+8613912345678")

    accept_invitation(client_for, user, people.company_a)

    with schema_context(people.company_a.schema_name):
        member = StaffMember.objects.get(user=user)
    affiliations = Affiliation.objects.filter(user=user, company=people.company_a).order_by("kind")
    # Staff of the company, and (a worker with an active profile) listed as doing jobs there.
    assert [(a.kind, a.role, a.local_id, a.is_active) for a in affiliations] == [
        ("staff", "worker", member.pk, True), ("worker", "worker", member.pk, True)]


def test_inviting_another_companys_worker_reveals_nothing_of_them(client_for, people):
    office = client_for(people.company_a, people.owner_a)

    response = office.post("/api/v1/office/staff/", {"phone": people.PHONES["worker_b"], "role": "worker"},
                           format="json")
    staff = office.get("/api/v1/office/staff/").json()

    assert response.status_code == 201
    assert people.worker_b.name not in response.content.decode()
    assert "user_id" not in response.json() and "name" not in response.json()
    assert people.worker_b.pk not in [m["user_id"] for m in staff]
    assert people.worker_b.name not in office.get("/api/v1/office/staff/invitations/").content.decode()


def test_adding_someone_twice_is_a_conflict(client_for, people):
    response = client_for(people.company_a, people.owner_a).post(
        "/api/v1/office/staff/", {"phone": people.PHONES["worker_a"], "role": "dispatcher"}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "already_staff"
    assert "phone" in response.json()["fields"]


@pytest.mark.parametrize("payload", [{"phone": "12", "role": "worker"}, {"phone": "+8613912345678", "role": "boss"},
                                     {"role": "worker"}])
def test_bad_invitations_are_field_errors(client_for, people, payload):
    response = client_for(people.company_a, people.owner_a).post("/api/v1/office/staff/", payload, format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert set(response.json()["fields"]) & {"phone", "role"}


@pytest.mark.parametrize("who", ["dispatcher_a", "worker_a", "customer_a"])
def test_only_owners_and_admins_add_staff(client_for, people, who):
    response = client_for(people.company_a, getattr(people, who)).post(
        "/api/v1/office/staff/", {"phone": "+8613912345678", "role": "worker"}, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    with schema_context(people.company_a.schema_name):
        assert not StaffMember.objects.filter(user__phone="+8613912345678").exists()


def test_an_admin_adds_workers_but_not_owners(client_for, people, admin_a):
    admin = client_for(people.company_a, admin_a)

    worker = admin.post("/api/v1/office/staff/", {"phone": "+8613912345678", "role": "worker"}, format="json")
    owner = admin.post("/api/v1/office/staff/", {"phone": "+8613912345679", "role": "owner"}, format="json")

    assert worker.status_code == 201
    assert owner.status_code == 403
    assert owner.json()["code"] == "permission_denied"
    with schema_context(people.company_a.schema_name):
        assert not StaffMember.objects.filter(user__phone="+8613912345679").exists()


# --- changing ---------------------------------------------------------------------------------

def test_an_owner_changes_a_role_and_the_directory_follows(client_for, people, staff_ids):
    response = client_for(people.company_a, people.owner_a).patch(
        f"/api/v1/office/staff/{staff_ids[people.worker_a.pk]}/", {"role": "dispatcher"}, format="json")

    assert response.status_code == 200
    assert response.json()["role"] == "dispatcher"
    assert Affiliation.objects.get(user=people.worker_a, company=people.company_a, kind="staff").role == "dispatcher"
    assert client_for(people.company_a, people.worker_a).get("/api/v1/me/").json()["company_role"] == "dispatcher"


def test_a_deactivated_member_loses_access_at_once(client_for, people, staff_ids):
    dispatcher = client_for(people.company_a, people.dispatcher_a)
    assert dispatcher.get("/api/v1/office/staff/").status_code == 200

    client_for(people.company_a, people.owner_a).patch(
        f"/api/v1/office/staff/{staff_ids[people.dispatcher_a.pk]}/", {"is_active": False}, format="json")

    assert dispatcher.get("/api/v1/office/staff/").status_code == 403
    assert not Affiliation.objects.get(user=people.dispatcher_a, company=people.company_a, kind="staff").is_active


@pytest.mark.parametrize("who", ["dispatcher_a", "worker_a"])
def test_dispatchers_and_workers_cannot_change_anyone_not_even_themselves(client_for, people, staff_ids, who):
    client = client_for(people.company_a, getattr(people, who))

    answers = [client.patch(f"/api/v1/office/staff/{member_id}/", {"role": "owner"}, format="json")
               for member_id in staff_ids.values()]

    assert {r.status_code for r in answers} == {403}
    with schema_context(people.company_a.schema_name):
        assert StaffMember.objects.filter(role="owner").count() == 1


@pytest.mark.parametrize("change", [{"role": "admin"}, {"is_active": False}])
def test_the_last_owner_cannot_be_demoted_or_deactivated(client_for, people, staff_ids, change):
    response = client_for(people.company_a, people.owner_a).patch(
        f"/api/v1/office/staff/{staff_ids[people.owner_a.pk]}/", change, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "last_owner"
    with schema_context(people.company_a.schema_name):
        owner = StaffMember.objects.get(user=people.owner_a)
        assert (owner.role, owner.is_active) == ("owner", True)


def test_an_owner_steps_down_once_there_is_another_owner(client_for, people, staff_ids):
    owner = client_for(people.company_a, people.owner_a)

    promoted = owner.patch(f"/api/v1/office/staff/{staff_ids[people.dispatcher_a.pk]}/", {"role": "owner"},
                           format="json")
    stepped_down = owner.patch(f"/api/v1/office/staff/{staff_ids[people.owner_a.pk]}/", {"role": "admin"},
                               format="json")

    assert (promoted.status_code, stepped_down.status_code) == (200, 200)


def test_an_admin_cannot_make_themselves_owner(client_for, people, admin_a):
    admin = client_for(people.company_a, admin_a)
    own_id = next(m["id"] for m in admin.get("/api/v1/office/staff/").json() if m["user_id"] == admin_a.pk)

    response = admin.patch(f"/api/v1/office/staff/{own_id}/", {"role": "owner"}, format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert client_for(people.company_a, admin_a).get("/api/v1/me/").json()["company_role"] == "admin"


@pytest.mark.parametrize("change", [{"role": "worker"}, {"is_active": False}])
def test_an_admin_cannot_demote_or_deactivate_an_owner(client_for, people, staff_ids, admin_a, change):
    owner = client_for(people.company_a, people.owner_a)
    owner.patch(f"/api/v1/office/staff/{staff_ids[people.dispatcher_a.pk]}/", {"role": "owner"}, format="json")

    response = client_for(people.company_a, admin_a).patch(
        f"/api/v1/office/staff/{staff_ids[people.owner_a.pk]}/", change, format="json")

    assert response.status_code == 403
    assert client_for(people.company_a, people.owner_a).get("/api/v1/me/").json()["company_role"] == "owner"


def test_an_admin_manages_non_owners(client_for, people, staff_ids, admin_a):
    response = client_for(people.company_a, admin_a).patch(
        f"/api/v1/office/staff/{staff_ids[people.worker_a.pk]}/", {"role": "dispatcher"}, format="json")

    assert response.status_code == 200
