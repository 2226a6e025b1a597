from django.db import connection
from django_tenants.utils import schema_exists

from tenants.models import Company


def signup_payload(**overrides):
    payload = {
        "name": "Charlie Movers", "slug": "charlie", "vertical": "moving",
        "owner": {"phone": "+8613812345678", "email": "owner@charlie.example", "password": "a-long-passphrase"},
    }
    payload.update(overrides)
    return payload


def test_sign_up_creates_schema_subdomain_and_owner_who_can_sign_in(client_for):
    response = client_for().post("/api/v1/companies/", signup_payload(), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["site_url"] == "http://charlie.localhost:8000"
    company = Company.objects.get(slug="charlie")
    assert schema_exists(company.schema_name)
    token = client_for(company).post(
        "/api/v1/auth/token/", {"identifier": "owner@charlie.example", "password": "a-long-passphrase"}, format="json"
    )
    assert token.status_code == 200
    me = client_for(company)
    me.credentials(HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    assert me.get("/api/v1/me/").json()["company_role"] == "owner"


def test_taken_and_reserved_slugs_get_field_errors_and_create_nothing(client_for, company_a):
    before = Company.objects.count()
    taken = client_for().post("/api/v1/companies/", signup_payload(slug="alpha"), format="json")
    reserved = client_for().post("/api/v1/companies/", signup_payload(slug="admin"), format="json")

    assert taken.status_code == 400 and "slug" in taken.json()["fields"]
    assert reserved.status_code == 400 and "slug" in reserved.json()["fields"]
    assert Company.objects.count() == before


def test_bad_phone_and_weak_password_get_field_errors(client_for):
    response = client_for().post(
        "/api/v1/companies/",
        signup_payload(owner={"phone": "12345", "password": "123"}),
        format="json",
    )
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert "owner.phone" in fields and "owner.password" in fields
    assert not Company.objects.filter(slug="charlie").exists()
    assert connection.schema_name == "public"
