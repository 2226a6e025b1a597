"""A request's host picks its company: unknown hosts get a 404 page, suspended companies a 503."""
import pytest

from tenants import hosts
from tenants.models import Domain


@pytest.mark.parametrize("host", ["nosuch.localhost", "example.com", "alpha.localhost.evil.com", "localhost.alpha"])
def test_an_unknown_host_gets_the_not_found_page(client_for, db, host):
    from tests.conftest import HostClient

    client = HostClient(host)

    page = client.get("/")
    api = client.get("/api/v1/me/")

    assert page.status_code == 404
    assert "No site here" in page.content.decode()
    assert api.status_code == 404
    assert api.json()["code"] == "unknown_host"


@pytest.mark.parametrize("host", ["c_alpha", "alpha..localhost", "-alpha.localhost:8000x"])
def test_a_malformed_host_is_not_found(db, host):
    from tests.conftest import HostClient

    assert HostClient(host).get("/api/v1/me/").status_code in (400, 404)


def test_a_known_host_is_looked_up_once_then_served_from_the_cache(client_for, people, django_assert_num_queries):
    client = client_for(people.company_a, people.owner_a)
    client.get("/api/v1/office/company/")

    with django_assert_num_queries(0):
        assert hosts.company_for_host("alpha.localhost").pk == people.company_a.pk


def test_a_host_looked_up_before_its_company_existed_answers_as_soon_as_it_does(db):
    from tenants.services import OwnerInput, sign_up_company
    from tests.conftest import HostClient

    client = HostClient("charlie.localhost")
    assert client.get("/api/v1/me/").status_code == 404  # remembered as unknown

    sign_up_company(name="Charlie", slug="charlie",
                    owner=OwnerInput(phone=None, email="c@charlie.example", password="a-long-passphrase"))

    assert client.get("/api/v1/me/").status_code == 401


def test_a_custom_domain_serves_its_company(client_for, people):
    from tests.conftest import HostClient

    Domain.objects.create(domain="book.alpha-cleaning.example", tenant=people.company_a, is_primary=False)
    client = HostClient("book.alpha-cleaning.example", people.owner_a)

    assert client.get("/api/v1/office/company/").json()["slug"] == "alpha"


def test_a_deleted_domain_stops_serving_at_once(client_for, people):
    from tests.conftest import HostClient

    domain = Domain.objects.create(domain="book.alpha-cleaning.example", tenant=people.company_a)
    client = HostClient("book.alpha-cleaning.example", people.owner_a)
    assert client.get("/api/v1/me/").status_code == 200

    domain.delete()

    assert client.get("/api/v1/me/").status_code == 404


def suspend(client_for, people, company, status="suspended", reason="Unpaid invoices"):
    response = client_for(None, people.operator).post(
        f"/api/v1/console/companies/{company.pk}/status/", {"status": status, "reason": reason}, format="json")
    assert response.status_code == 200, response.json()
    return response


def test_a_suspended_company_is_temporarily_unavailable_on_pages_and_api(client_for, people):
    client = client_for(people.company_b, people.owner_b)
    assert client.get("/api/v1/office/company/").status_code == 200  # the host is cached as active

    suspend(client_for, people, people.company_b)
    page = client.get("/")
    api = client.get("/api/v1/office/company/")
    sign_in = client.post("/api/v1/auth/token/", {"identifier": "owner@bravo.example", "password": "x"})

    assert page.status_code == 503
    assert "temporarily unavailable" in page.content.decode()
    assert api.status_code == 503
    assert api.json()["code"] == "company_suspended"
    assert "temporarily unavailable" in api.json()["message"]
    assert set(api.json()) == {"code", "message", "fields"}
    assert sign_in.status_code == 503


def test_a_suspended_company_does_not_touch_the_others(client_for, people):
    suspend(client_for, people, people.company_b)

    assert client_for(people.company_a, people.owner_a).get("/api/v1/office/company/").status_code == 200
    assert client_for(None, people.shared_worker).get("/api/v1/me/").status_code == 200


def test_a_reactivated_company_comes_back_at_once(client_for, people):
    client = client_for(people.company_b, people.owner_b)
    suspend(client_for, people, people.company_b)
    assert client.get("/api/v1/office/company/").status_code == 503

    suspend(client_for, people, people.company_b, status="active")

    assert client.get("/api/v1/office/company/").status_code == 200


def test_a_suspended_company_leaves_the_worker_app_list(client_for, people):
    worker = client_for(None, people.shared_worker)

    suspend(client_for, people, people.company_b)

    assert [c["name"] for c in worker.get("/api/v1/worker/companies/").json()] == ["Alpha Cleaning"]
