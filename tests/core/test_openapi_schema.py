"""Each host describes its own API: the platform's and a company's schemas differ, and both are valid."""
import pytest
from django.core.management import call_command


def schema_paths(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return set(response.json()["paths"]), response.json()


def test_the_platform_host_describes_the_platform_api(client_for, db):
    paths, schema = schema_paths(client_for())

    assert "/api/v1/companies/" in paths
    assert "/api/v1/console/companies/" in paths
    assert "/api/v1/office/staff/" not in paths
    assert "/api/v1/customer/profile/" not in paths
    assert schema["info"]["title"] == "Doorstep platform API"


def test_a_company_host_describes_the_company_api(client_for, company_a):
    paths, schema = schema_paths(client_for(company_a))

    assert "/api/v1/office/staff/" in paths
    assert "/api/v1/office/staff/{member_id}/" in paths
    assert "/api/v1/companies/" not in paths
    assert "/api/v1/console/companies/" not in paths
    assert schema["info"]["title"] == "Doorstep company API"


@pytest.mark.parametrize("company", [None, "a"])
def test_the_docs_page_answers_on_every_host(client_for, people, company):
    response = client_for(people.company_a if company else None).get("/api/docs/")

    assert response.status_code == 200
    assert "swagger" in response.content.decode().lower()


@pytest.mark.parametrize("urlconf", ["config.urls_public", "config.urls_tenant"])
def test_the_schema_generates_without_warnings_and_validates(urlconf, tmp_path):
    target = tmp_path / "schema.yaml"

    call_command("spectacular", urlconf=urlconf, fail_on_warn=True, validate=True, file=str(target))

    assert "openapi:" in target.read_text()
