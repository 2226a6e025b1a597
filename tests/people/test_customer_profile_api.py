"""The caller's customer profile at a company: read it, complete it, and nothing of another company."""
import pytest
from django_tenants.utils import schema_context

from tenant_apps.people.models import Customer
from tenants.models import Affiliation


def test_a_customer_reads_their_profile_at_their_company(client_for, people):
    response = client_for(people.company_a, people.customer_a).get("/api/v1/customer/profile/")

    assert response.status_code == 200
    assert response.json()["phone"] == people.PHONES["customer_a"]
    assert response.json()["name"] == "Customer A"


def test_reading_a_profile_at_a_company_one_is_not_a_customer_of_is_not_found_and_writes_nothing(
    client_for, people
):
    response = client_for(people.company_b, people.customer_a).get("/api/v1/customer/profile/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    with schema_context(people.company_b.schema_name):
        assert not Customer.objects.filter(user=people.customer_a).exists()
    assert not Affiliation.objects.filter(user=people.customer_a, company=people.company_b).exists()


def test_completing_a_profile_makes_the_caller_a_customer_there(client_for, people):
    client = client_for(people.company_b, people.customer_a)

    response = client.patch("/api/v1/customer/profile/", {"name": "  Cathy  "}, format="json")

    assert response.status_code == 200
    assert response.json()["name"] == "Cathy"
    assert client.get("/api/v1/customer/profile/").json()["name"] == "Cathy"
    assert Affiliation.objects.get(user=people.customer_a, company=people.company_b).kind == "customer"
    # the profile at the first company is untouched
    assert client_for(people.company_a, people.customer_a).get("/api/v1/customer/profile/").json()["name"] == (
        "Customer A")


@pytest.mark.parametrize("payload", [{"name": "x" * 101}, {}])
def test_a_bad_profile_is_a_field_error(client_for, people, payload):
    response = client_for(people.company_a, people.customer_a).patch("/api/v1/customer/profile/", payload,
                                                                     format="json")

    assert response.status_code == 400
    assert "name" in response.json()["fields"]


def test_the_profile_needs_a_signed_in_caller(client_for, people):
    response = client_for(people.company_a).get("/api/v1/customer/profile/")

    assert response.status_code == 401
