"""Company A's people, whatever their role, reach nothing of company B, on B's host or on A's."""
import pytest
from django_tenants.utils import schema_context

from tenant_apps.people.models import StaffMember

A_PEOPLE = ["owner_a", "dispatcher_a", "worker_a", "customer_a"]


@pytest.fixture
def b_staff_ids(company_b):
    with schema_context(company_b.schema_name):
        return list(StaffMember.objects.values_list("id", flat=True))


def b_endpoints(staff_ids):
    calls = [
        ("get", "/api/v1/office/company/", None),
        ("patch", "/api/v1/office/company/", {"name": "Pwned"}),
        ("get", "/api/v1/office/staff/", None),
        ("post", "/api/v1/office/staff/", {"phone": "+8613812345678", "role": "owner"}),
        ("post", "/api/v1/office/domains/", {"domain": "pwned.example.com"}),
        ("get", "/api/v1/customer/profile/", None),
    ]
    for member_id in staff_ids:
        calls.append(("get", f"/api/v1/office/staff/{member_id}/", None))
        calls.append(("patch", f"/api/v1/office/staff/{member_id}/", {"role": "worker", "is_active": False}))
    return calls


@pytest.mark.parametrize("who", A_PEOPLE)
def test_a_people_get_nothing_of_b_on_bs_host(client_for, people, b_staff_ids, who):
    client = client_for(people.company_b, getattr(people, who))

    answers = {(method, path): getattr(client, method)(path, data, format="json")
               for method, path, data in b_endpoints(b_staff_ids)}

    assert {key: r.status_code for key, r in answers.items() if r.status_code not in (403, 404)} == {}
    assert all(set(r.json()) == {"code", "message", "fields"} for r in answers.values())
    assert client.get("/api/v1/me/").json()["company_role"] is None


def test_b_is_unchanged_after_as_people_tried_everything(client_for, people, b_staff_ids):
    for who in A_PEOPLE:
        client = client_for(people.company_b, getattr(people, who))
        for method, path, data in b_endpoints(b_staff_ids):
            getattr(client, method)(path, data, format="json")

    owner_b = client_for(people.company_b, people.owner_b)
    company = owner_b.get("/api/v1/office/company/").json()
    staff = owner_b.get("/api/v1/office/staff/").json()
    assert company["name"] == "Bravo Repairs"
    assert company["domains"] == ["bravo.localhost"]
    assert sorted((m["name"], m["role"], m["is_active"]) for m in staff) == [
        ("Bob Owner", "owner", True), ("Sam Shared", "worker", True), ("Wu Worker", "worker", True)]
    from tenant_apps.people.models import Customer

    with schema_context(people.company_b.schema_name):
        assert list(Customer.objects.values_list("user_id", flat=True)) == [people.customer_b.pk]


def test_ids_that_exist_only_in_b_are_not_found_on_as_host(client_for, people, company_b):
    from tenant_apps.people.services import invite_staff_member

    with schema_context(people.company_a.schema_name):
        a_ids = set(StaffMember.objects.values_list("id", flat=True))
    with schema_context(company_b.schema_name):
        made = [invite_staff_member(actor=people.owner_b, company=company_b, phone=f"+86139123456{i:02d}",
                                    role="worker").pk for i in range(len(a_ids) + 3)]
    extra = [member_id for member_id in made if member_id not in a_ids][:3]
    owner_a = client_for(people.company_a, people.owner_a)

    answers = [owner_a.get(f"/api/v1/office/staff/{member_id}/") for member_id in extra]
    changes = [owner_a.patch(f"/api/v1/office/staff/{member_id}/", {"role": "admin"}, format="json")
               for member_id in extra]

    assert [r.status_code for r in answers + changes] == [404] * 6
    assert answers[0].json()["code"] == "not_found"


def test_as_staff_list_never_shows_bs_people(client_for, people):
    listed = client_for(people.company_a, people.owner_a).get("/api/v1/office/staff/").json()

    user_ids = {m["user_id"] for m in listed}
    assert people.owner_b.pk not in user_ids and people.worker_b.pk not in user_ids
    assert user_ids == {people.owner_a.pk, people.dispatcher_a.pk, people.worker_a.pk, people.shared_worker.pk}


def test_the_shared_worker_sees_each_company_only_on_its_own_host(client_for, people):
    on_a = client_for(people.company_a, people.shared_worker).get("/api/v1/office/staff/").json()
    on_b = client_for(people.company_b, people.shared_worker).get("/api/v1/office/staff/").json()

    assert [(m["user_id"], m["role"]) for m in on_a] == [(people.shared_worker.pk, "worker")]
    assert [(m["user_id"], m["role"]) for m in on_b] == [(people.shared_worker.pk, "worker")]


@pytest.mark.parametrize("who", ["owner_a", "customer_a"])
def test_a_token_from_a_has_no_role_on_b(client_for, people, who):
    me = client_for(people.company_b, getattr(people, who)).get("/api/v1/me/")

    assert me.status_code == 200
    assert me.json()["company_role"] is None


def test_company_endpoints_do_not_exist_on_the_platform_host(client_for, people):
    client = client_for(None, people.owner_a)

    assert client.get("/api/v1/office/company/").status_code == 404
    assert client.get("/api/v1/office/staff/").status_code == 404
    assert client.get("/api/v1/customer/profile/").status_code == 404
