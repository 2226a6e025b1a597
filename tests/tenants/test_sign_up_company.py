import pytest
from django.db import connection
from django_tenants.utils import schema_context, schema_exists

from tenants.models import Company
from tests.support import PASSWORD


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


# --- shapes of input -------------------------------------------------------------------------

def nothing_was_created(slug="charlie", user_count=None):
    """No company, domain, schema or (when counted before) user was left behind."""
    from shared_apps.accounts.models import User
    from tenants.models import Domain

    assert not Company.objects.filter(slug=slug).exists()
    assert not Domain.objects.filter(domain=f"{slug}.localhost").exists()
    assert not schema_exists(f"c_{slug.replace('-', '_')}")
    if user_count is not None:
        assert User.objects.count() == user_count
    return True


def post_signup(client_for, payload):
    return client_for().post("/api/v1/companies/", payload, format="json")


def test_missing_fields_are_each_named(client_for, db):
    response = post_signup(client_for, {})

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert {"name", "slug", "owner"} <= set(response.json()["fields"])


def test_an_owner_without_phone_and_email_is_a_field_error(client_for, db):
    response = post_signup(client_for, signup_payload(owner={"password": "a-long-passphrase"}))

    assert response.status_code == 400
    assert "owner.phone" in response.json()["fields"]
    assert nothing_was_created()


@pytest.mark.parametrize(
    "slug",
    ["char_lie", "ch", "-charlie", "charlie-", "char--lie", "char lie", "chärlie", "charlie.example", "x" * 64, ""],
)
def test_badly_shaped_slugs_are_refused(client_for, db, slug):
    response = post_signup(client_for, signup_payload(slug=slug))

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "slug" in response.json()["fields"]
    assert Company.objects.count() == 3  # the platform's own row, alpha and bravo


def test_an_uppercase_slug_is_normalised_to_lowercase(client_for, db):
    response = post_signup(client_for, signup_payload(slug="  Charlie "))

    assert response.status_code == 201
    assert response.json()["slug"] == "charlie"
    assert Company.objects.get(slug="charlie").schema_name == "c_charlie"


def test_the_longest_slug_the_form_allows_gets_a_schema_or_a_field_error(client_for, db):
    # A schema name is at most 63 bytes, and ours is "c_" + slug.
    longest = post_signup(client_for, signup_payload(slug="a" * 61))
    too_long = post_signup(client_for, signup_payload(slug="b" * 62))

    assert longest.status_code == 201
    assert schema_exists("c_" + "a" * 61)
    assert too_long.status_code == 400 and "slug" in too_long.json()["fields"]
    assert nothing_was_created("b" * 62)


@pytest.mark.parametrize("slug", ["www", "api", "admin", "console", "platform", "template", "Static"])
def test_reserved_slugs_are_refused_with_their_own_message(client_for, db, slug):
    response = post_signup(client_for, signup_payload(slug=slug))

    assert response.status_code == 400
    assert response.json()["fields"]["slug"] == ["This subdomain is reserved. Choose another."]
    assert Company.objects.count() == 3  # the platform's own row, alpha and bravo


def test_a_taken_slug_says_so(client_for, company_a):
    response = post_signup(client_for, signup_payload(slug="ALPHA"))

    assert response.status_code == 400
    assert response.json()["fields"]["slug"] == ["This subdomain is taken. Choose another."]


@pytest.mark.parametrize("vertical", ["plumbing", "", "HOUSEKEEPING"])
def test_an_unknown_vertical_is_refused(client_for, db, vertical):
    response = post_signup(client_for, signup_payload(vertical=vertical))

    assert response.status_code == 400
    assert "vertical" in response.json()["fields"]
    assert nothing_was_created()


# --- owners who already have an identity ------------------------------------------------------

def test_an_existing_identity_with_a_wrong_password_is_refused_and_nothing_is_made(client_for, people):
    from shared_apps.accounts.models import User

    users = User.objects.count()
    response = post_signup(client_for, signup_payload(
        owner={"phone": people.PHONES["worker_a"], "password": "not-their-password"}))

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["owner.phone"]
    assert nothing_was_created(user_count=users)


def test_an_existing_email_with_a_wrong_password_is_an_error_on_the_email(client_for, people):
    response = post_signup(client_for, signup_payload(
        owner={"email": "OWNER@alpha.example", "password": "not-their-password"}))

    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["owner.email"]
    assert nothing_was_created()


def test_a_phone_and_an_email_of_two_different_people_are_refused(client_for, people):
    response = post_signup(client_for, signup_payload(
        owner={"phone": people.PHONES["owner_a"], "email": "owner@bravo.example", "password": PASSWORD}))

    assert response.status_code == 400
    assert "owner.email" in response.json()["fields"]
    assert nothing_was_created()


def test_an_existing_identity_with_the_right_password_becomes_the_owner(client_for, people):
    from shared_apps.accounts.models import User
    from tenant_apps.people.models import StaffMember
    from tenants.models import Affiliation

    users = User.objects.count()
    response = post_signup(client_for, signup_payload(
        owner={"phone": "138 0013 8003", "password": PASSWORD}))  # worker_a starts a company

    assert response.status_code == 201, response.json()
    assert response.json()["owner_id"] == people.worker_a.pk
    assert User.objects.count() == users
    company = Company.objects.get(slug="charlie")
    with schema_context(company.schema_name):
        member = StaffMember.objects.get()
        assert (member.user_id, member.role, member.is_active) == (people.worker_a.pk, "owner", True)
    affiliation = Affiliation.objects.get(company=company)
    assert (affiliation.user_id, affiliation.kind, affiliation.role, affiliation.local_id) == (
        people.worker_a.pk, "staff", "owner", member.pk)
    assert client_for(company, people.worker_a).get("/api/v1/me/").json()["company_role"] == "owner"
    assert client_for(people.company_a, people.worker_a).get("/api/v1/me/").json()["company_role"] == "worker"


def test_a_banned_identity_cannot_start_a_company(client_for, people):
    from shared_apps.accounts.models import User

    User.objects.filter(pk=people.worker_a.pk).update(status="banned")
    response = post_signup(client_for, signup_payload(owner={"phone": people.PHONES["worker_a"], "password": PASSWORD}))

    assert response.status_code == 403
    assert response.json()["code"] == "account_banned"
    assert nothing_was_created()


def test_a_failure_after_the_rows_are_written_leaves_nothing_behind(client_for, db, monkeypatch):
    from shared_apps.accounts.models import User
    from tenants import services

    real_create_company_schema = services.create_company_schema

    def schema_made_then_failure(schema_name):
        real_create_company_schema(schema_name)
        assert schema_exists(schema_name)
        raise RuntimeError("disk full")

    users = User.objects.count()
    monkeypatch.setattr(services, "create_company_schema", schema_made_then_failure)

    with pytest.raises(RuntimeError, match="disk full"):
        post_signup(client_for, signup_payload())

    assert nothing_was_created(user_count=users)


# --- the new site -----------------------------------------------------------------------------

def test_the_new_site_answers_on_its_subdomain_with_the_owner_as_owner(client_for, db):
    from tenants.models import Affiliation, Domain

    response = post_signup(client_for, signup_payload(language="zh-hans"))
    body = response.json()
    company = Company.objects.get(pk=body["id"])

    owner_token = client_for(company).post(
        "/api/v1/auth/token/", {"identifier": "+8613812345678", "password": "a-long-passphrase"}, format="json"
    ).json()["token"]
    office = client_for(company)
    office.credentials(HTTP_AUTHORIZATION=f"Token {owner_token}")
    settings_page = office.get("/api/v1/office/company/")

    assert body["office_url"] == "http://charlie.localhost:8000/office/"
    assert Domain.objects.get(tenant=company).domain == "charlie.localhost"
    assert Domain.objects.get(tenant=company).is_primary
    assert settings_page.status_code == 200
    assert settings_page.json()["slug"] == "charlie"
    assert settings_page.json()["default_language"] == "zh-hans"
    assert settings_page.json()["domains"] == ["charlie.localhost"]
    assert Affiliation.objects.get(company=company).role == "owner"


def test_the_new_company_starts_empty_and_apart_from_the_others(client_for, people):
    from tenant_apps.people.models import Customer, StaffMember

    company = Company.objects.get(pk=post_signup(client_for, signup_payload()).json()["id"])

    with schema_context(company.schema_name):
        assert StaffMember.objects.count() == 1
        assert Customer.objects.count() == 0
    assert client_for(company, people.owner_a).get("/api/v1/office/staff/").status_code == 403


def test_the_service_refuses_a_slug_too_long_for_a_schema_name_whoever_calls_it(db):
    from shared_apps.core.errors import ValidationFailed
    from tenants.services import OwnerInput, sign_up_company

    with pytest.raises(ValidationFailed) as refused:
        sign_up_company(name="Long", slug="d" * 62, owner=OwnerInput(phone=None, email="d@example.com",
                                                                      password="a-long-passphrase"))

    assert "slug" in refused.value.fields
    assert nothing_was_created("d" * 62)


def test_sign_ups_per_ip_are_rate_limited(client_for, db, settings):
    settings.COMPANY_SIGNUPS_PER_IP_PER_HOUR = 1
    client = client_for()

    first = client.post("/api/v1/companies/", signup_payload(), format="json", REMOTE_ADDR="10.3.3.3")
    second = client.post("/api/v1/companies/", signup_payload(slug="delta"), format="json", REMOTE_ADDR="10.3.3.3")

    assert first.status_code == 201
    assert second.status_code == 429
    assert second.json()["code"] == "rate_limited"
    assert nothing_was_created("delta")
