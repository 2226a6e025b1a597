"""The worker app's list of companies: only the caller's, on the platform host."""
import pytest


@pytest.mark.parametrize(
    "who, names",
    [
        ("shared_worker", ["Alpha Cleaning", "Bravo Repairs"]),
        ("worker_a", ["Alpha Cleaning"]),
        ("worker_b", ["Bravo Repairs"]),
        ("owner_a", []),
        ("customer_a", []),
        ("operator", []),
    ],
)
def test_a_worker_lists_only_the_companies_they_work_for(client_for, people, who, names):
    response = client_for(None, getattr(people, who)).get("/api/v1/worker/companies/")

    assert response.status_code == 200
    assert [c["name"] for c in response.json()] == names


def test_a_deactivated_worker_loses_that_company(client_for, people):
    from django_tenants.utils import schema_context

    from tenant_apps.people.models import StaffMember
    from tenant_apps.people.services import change_staff_member

    with schema_context(people.company_b.schema_name):
        member = StaffMember.objects.get(user=people.shared_worker)
        change_staff_member(actor=people.owner_b, company=people.company_b, member=member, is_active=False)

    names = [c["name"] for c in client_for(None, people.shared_worker).get("/api/v1/worker/companies/").json()]

    assert names == ["Alpha Cleaning"]


def test_the_list_needs_a_signed_in_caller_and_lives_on_the_platform_host(client_for, people):
    assert client_for().get("/api/v1/worker/companies/").status_code == 401
    assert client_for(people.company_a, people.worker_a).get("/api/v1/worker/companies/").status_code == 404


def test_the_list_reads_a_fixed_number_of_queries(client_for, people, django_assert_max_num_queries):
    client = client_for(None, people.shared_worker)
    client.get("/api/v1/me/")  # the host lookup is cached from here on

    # the schema switch, the token with its user, the companies
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/worker/companies/")

    assert len(response.json()) == 2
