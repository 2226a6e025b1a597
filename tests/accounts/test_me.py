"""/api/v1/me/: who the caller is, their role at this host's company, and every company they belong to."""
import pytest


@pytest.mark.parametrize(
    "who, host, role",
    [
        ("owner_a", "a", "owner"), ("owner_a", "b", None), ("owner_a", None, None),
        ("dispatcher_a", "a", "dispatcher"), ("worker_a", "a", "worker"), ("worker_a", "b", None),
        ("shared_worker", "a", "worker"), ("shared_worker", "b", "worker"), ("shared_worker", None, None),
        ("customer_a", "a", None), ("operator", "a", None),
    ],
)
def test_company_role_is_the_callers_staff_role_at_the_hosts_company(client_for, people, who, host, role):
    company = {"a": people.company_a, "b": people.company_b, None: None}[host]
    user = getattr(people, who)

    response = client_for(company, user).get("/api/v1/me/")

    assert response.status_code == 200
    assert response.json()["company_role"] == role
    assert response.json()["user"]["id"] == user.pk


def test_affiliations_list_every_company_the_caller_belongs_to(client_for, people):
    shared = client_for(None, people.shared_worker).get("/api/v1/me/").json()["affiliations"]
    customer = client_for(people.company_b, people.customer_a).get("/api/v1/me/").json()["affiliations"]

    assert sorted((a["company_name"], a["kind"], a["role"]) for a in shared) == [
        ("Alpha Cleaning", "staff", "worker"), ("Bravo Repairs", "staff", "worker"),
    ]
    assert {a["site_url"] for a in shared} == {"http://alpha.localhost:8000", "http://bravo.localhost:8000"}
    assert [(a["company_name"], a["kind"]) for a in customer] == [("Alpha Cleaning", "customer")]


def test_me_does_not_show_a_deactivated_membership(client_for, people, company_a):
    owner = client_for(company_a, people.owner_a)
    staff = {m["user_id"]: m["id"] for m in owner.get("/api/v1/office/staff/").json()}
    owner.patch(f"/api/v1/office/staff/{staff[people.worker_a.pk]}/", {"is_active": False}, format="json")

    me = client_for(company_a, people.worker_a).get("/api/v1/me/").json()

    assert me["company_role"] is None
    assert me["affiliations"] == []


def test_me_needs_a_signed_in_caller(client_for, company_a):
    response = client_for(company_a).get("/api/v1/me/")

    assert response.status_code == 401
    assert set(response.json()) == {"code", "message", "fields"}


def test_me_reads_a_fixed_number_of_queries(client_for, people, django_assert_max_num_queries):
    client = client_for(people.company_a, people.shared_worker)
    client.get("/api/v1/me/")  # the host lookup is cached from here on

    # the schema switch, the token with its user, the staff row, the affiliations with their companies
    with django_assert_max_num_queries(4):
        response = client.get("/api/v1/me/")

    assert len(response.json()["affiliations"]) == 2
