"""Every API error, whoever raises it, has one shape: {code, message, fields}, with the right status."""
import pytest
from rest_framework.views import APIView

from shared_apps.core.api import exception_handler
from shared_apps.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed

SHAPE = {"code", "message", "fields"}


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == SHAPE, body
    assert body["code"] == code
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["fields"], dict)
    return body


@pytest.mark.parametrize("error, status, code", [
    (ValidationFailed({"name": ["Too long."]}), 400, "invalid"),
    (PermissionDenied(), 403, "permission_denied"),
    (NotFound("order"), 404, "not_found"),
    (DomainError("last_owner", "Keep an owner.", status=409), 409, "last_owner"),
    (DomainError("rate_limited", "Slow down.", status=429), 429, "rate_limited"),
])
def test_the_handler_renders_each_domain_error_in_the_one_shape(error, status, code):
    response = exception_handler(error, {"view": APIView()})

    assert response.status_code == status
    assert set(response.data) == SHAPE
    assert response.data["code"] == code


def test_extra_data_rides_along(db):
    response = exception_handler(DomainError("slot_taken", "Taken.", extra={"next_slot": "10:00"}), {})

    assert response.data["next_slot"] == "10:00"


def test_400_field_errors_from_a_serializer_are_flattened(client_for, db):
    body = assert_error(client_for().post("/api/v1/companies/", {"owner": {"phone": "1"}}, format="json"),
                        400, "invalid")

    assert {"name", "slug", "owner.password"} <= set(body["fields"])


def test_400_malformed_json(client_for, db):
    response = client_for().post("/api/v1/auth/token/", '{"identifier": ', content_type="application/json")

    assert_error(response, 400, "parse_error")


def test_401_without_credentials_and_with_a_bad_token(client_for, company_a):
    anonymous = client_for(company_a).get("/api/v1/office/staff/")
    bad_token = client_for(company_a).get("/api/v1/office/staff/", HTTP_AUTHORIZATION="Token not-a-token")

    assert_error(anonymous, 401, "not_authenticated")
    assert_error(bad_token, 401, "authentication_failed")


def test_403_for_a_role_that_may_not(client_for, people):
    assert_error(client_for(people.company_a, people.worker_a).post("/api/v1/office/staff/", {}, format="json"),
                 403, "permission_denied")


def test_403_from_a_service(client_for, people):
    from shared_apps.accounts.models import User

    User.objects.filter(pk=people.owner_a.pk).update(status="banned")
    response = client_for().post("/api/v1/auth/token/", {"identifier": "owner@alpha.example",
                                                         "password": "correct-horse-battery"})

    assert_error(response, 403, "account_banned")


def test_404_for_a_missing_object(client_for, people):
    assert_error(client_for(people.company_a, people.owner_a).get("/api/v1/office/staff/999999/"), 404, "not_found")


def test_405_for_a_method_an_endpoint_does_not_have(client_for, people):
    assert_error(client_for(people.company_a, people.owner_a).delete("/api/v1/office/company/"),
                 405, "method_not_allowed")


def test_409_from_a_service(client_for, people):
    response = client_for(people.company_a, people.owner_a).post(
        "/api/v1/office/staff/", {"phone": people.PHONES["worker_a"], "role": "worker"}, format="json")

    assert_error(response, 409, "already_staff")


def test_415_for_a_body_the_endpoint_cannot_read(client_for, db):
    response = client_for().post("/api/v1/auth/token/", "<xml/>", content_type="application/xml")

    assert_error(response, 415, "unsupported_media_type")


def test_429_from_a_rate_limit(client_for, db, settings):
    settings.SMS_CODE_PER_IP_PER_HOUR = 0

    assert_error(client_for().post("/api/v1/auth/sms-code/", {"phone": "+8613812345678"}), 429, "rate_limited")


def test_503_for_a_suspended_company_and_404_for_an_unknown_host(client_for, people):
    from tenants.services import set_company_status
    from tests.conftest import HostClient

    set_company_status(actor=people.operator, company=people.company_b, status="suspended", reason="Unpaid invoices")

    assert_error(client_for(people.company_b, people.owner_b).get("/api/v1/me/"), 503, "company_suspended")
    assert_error(HostClient("nosuch.localhost").get("/api/v1/me/"), 404, "unknown_host")
