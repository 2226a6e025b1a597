"""The console's company list: operators only, on the platform host only."""
import pytest

from tenants.services import OwnerInput, sign_up_company


def test_an_operator_lists_every_company_but_the_platform(client_for, people):
    response = client_for(None, people.operator).get("/api/v1/console/companies/")

    assert response.status_code == 200
    assert sorted(c["slug"] for c in response.json()) == ["alpha", "bravo"]
    assert {c["site_url"] for c in response.json()} == {"http://alpha.localhost:8000", "http://bravo.localhost:8000"}


@pytest.mark.parametrize("who", ["owner_a", "dispatcher_a", "shared_worker", "customer_a"])
def test_non_operators_are_refused(client_for, people, who):
    response = client_for(None, getattr(people, who)).get("/api/v1/console/companies/")

    assert response.status_code == 403
    assert set(response.json()) == {"code", "message", "fields"}


def test_the_console_list_does_not_exist_on_company_hosts(client_for, people):
    assert client_for(people.company_a, people.operator).get("/api/v1/console/companies/").status_code == 404


def test_the_list_reads_a_fixed_number_of_queries(client_for, people, django_assert_max_num_queries):
    sign_up_company(name="Charlie Movers", slug="charlie", vertical="moving",
                    owner=OwnerInput(phone=None, email="c@charlie.example", password="a-long-passphrase"))
    client = client_for(None, people.operator)
    client.get("/api/v1/me/")  # the host lookup is cached from here on

    # the schema switch, the token with its user, the companies
    with django_assert_max_num_queries(3):
        response = client.get("/api/v1/console/companies/")

    assert len(response.json()) == 3
