"""CSRF: a form posted from another company's site is refused; the company's own hosts may post."""
import pytest
from django.test import Client

from tenants.models import Domain

PASSWORD_FORM = {"method": "password", "identifier": "nobody@example.com", "password": "wrong-password"}


def post_login(host: str, origin: str):
    client = Client(enforce_csrf_checks=True, HTTP_HOST=host)
    client.get("/login/")
    token = client.cookies["csrftoken"].value
    return client.post("/login/", {**PASSWORD_FORM, "csrfmiddlewaretoken": token}, HTTP_ORIGIN=origin)


def test_a_post_from_another_companys_origin_is_refused(people):
    response = post_login("alpha.localhost:8000", origin="http://bravo.localhost:8000")

    assert response.status_code == 403
    assert "CSRF" in response.content.decode()


@pytest.mark.parametrize("origin", ["http://localhost:8000", "http://evil.localhost:8000", "https://alpha.localhost:8000"])
def test_the_platform_and_made_up_origins_are_refused(people, origin):
    assert post_login("alpha.localhost:8000", origin=origin).status_code == 403


def test_the_sites_own_origin_may_post(people):
    response = post_login("alpha.localhost:8000", origin="http://alpha.localhost:8000")

    assert response.status_code == 200
    assert "The phone/email or password is not right." in response.content.decode()


def test_a_custom_domain_of_the_same_company_may_post_but_not_on_another_port(people):
    Domain.objects.create(domain="book.alpha-cleaning.example", tenant=people.company_a, is_primary=False)

    same_company = post_login("alpha.localhost:8000", origin="http://book.alpha-cleaning.example:8000")
    other_port = post_login("alpha.localhost:8000", origin="http://book.alpha-cleaning.example:9000")

    assert same_company.status_code == 200
    assert other_port.status_code == 403


@pytest.mark.parametrize("origin, status", [("http://bravo.localhost:8000", 403), ("http://alpha.localhost:8000", 200)])
def test_the_api_with_a_session_takes_writes_from_the_sites_own_origin_only(people, origin, status):
    client = Client(enforce_csrf_checks=True, HTTP_HOST="alpha.localhost:8000")
    client.force_login(people.owner_a)
    client.get("/office/")
    token = client.cookies["csrftoken"].value

    response = client.patch("/api/v1/office/company/", {"name": "Renamed by a form"}, content_type="application/json",
                            HTTP_ORIGIN=origin, HTTP_X_CSRFTOKEN=token)

    assert response.status_code == status
