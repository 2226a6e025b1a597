"""Custom domains: the owner adds one and it serves the company; nobody takes another's."""
import pytest

from tenants.models import Domain
from tests.conftest import HostClient


def add(client, domain):
    return client.post("/api/v1/office/domains/", {"domain": domain}, format="json")


def test_an_owner_adds_a_custom_domain_and_it_serves_the_company(client_for, people):
    response = add(client_for(people.company_a, people.owner_a), "Book.Alpha-Cleaning.example.")

    assert response.status_code == 201
    assert sorted(response.json()["domains"]) == ["alpha.localhost", "book.alpha-cleaning.example"]
    served = HostClient("book.alpha-cleaning.example", people.owner_a).get("/api/v1/office/company/")
    assert served.json()["slug"] == "alpha"


@pytest.mark.parametrize("domain", ["localhost", "beta.localhost", "alpha.localhost", "not a domain", "x", "a..b.com"])
def test_platform_hosts_and_malformed_names_are_refused(client_for, people, domain):
    response = add(client_for(people.company_a, people.owner_a), domain)

    assert response.status_code == 400
    assert "domain" in response.json()["fields"]


def test_a_domain_of_another_company_cannot_be_taken(client_for, people):
    add(client_for(people.company_b, people.owner_b), "bravo-repairs.example")

    response = add(client_for(people.company_a, people.owner_a), "BRAVO-repairs.example")

    assert response.status_code in (400, 409)
    assert response.json()["code"] == "domain_taken"
    assert Domain.objects.get(domain="bravo-repairs.example").tenant_id == people.company_b.pk


@pytest.mark.parametrize("who", ["dispatcher_a", "worker_a", "customer_a"])
def test_only_the_owner_adds_domains(client_for, people, who):
    response = add(client_for(people.company_a, getattr(people, who)), "book.alpha-cleaning.example")

    assert response.status_code == 403
    assert not Domain.objects.filter(domain="book.alpha-cleaning.example").exists()
