"""Whatever is sent to whichever endpoint, the API answers a client error, never a 500; and
session-authenticated writes need a CSRF token."""
import re

import pytest

from tests.conftest import HostClient
from tests.core.test_api_permissions_declared import api_views

ODD_IDS = ["null,null", "-1", "99999999999999999999", "1'--"]
BODIES = [{}, {"phone": None, "role": ["x"], "status": {"a": 1}, "name": 10**30, "code": 123456}, "garbage"]


def concrete_paths(urlconf):
    for route, _view_class, _initkwargs in api_views(urlconf):
        if not route.startswith("api/v1/"):
            continue
        params = re.findall(r"<(?:\w+:)?(\w+)>", route)
        if not params:
            yield "/" + route
            continue
        for odd in ODD_IDS:
            yield "/" + re.sub(r"<(?:\w+:)?\w+>", odd, route)


@pytest.mark.parametrize("urlconf, who, company", [
    ("config.urls_public", "operator", None),
    ("config.urls_public", "shared_worker", None),
    ("config.urls_tenant", "owner_a", "a"),
    ("config.urls_tenant", None, "a"),
])
def test_no_request_makes_the_api_fail(client_for, people, urlconf, who, company):
    client = client_for(people.company_a if company else None, getattr(people, who) if who else None)
    failures = []

    for path in concrete_paths(urlconf):
        for method in ("get", "post", "patch", "put", "delete", "options"):
            for body in BODIES if method in ("post", "patch", "put") else [None]:
                if isinstance(body, str):
                    response = getattr(client, method)(path, body, content_type="application/json")
                else:
                    response = getattr(client, method)(path, body, format="json")
                if response.status_code >= 500:
                    failures.append((method, path, body, response.status_code))
        browsable = client.get(path, HTTP_ACCEPT="text/html")
        if browsable.status_code >= 500:
            failures.append(("get html", path, None, browsable.status_code))

    assert failures == []


def test_a_session_write_without_a_csrf_token_is_refused(people):
    client = HostClient("alpha.localhost", enforce_csrf_checks=True)
    client.force_login(people.owner_a)

    response = client.patch("/api/v1/office/company/", {"name": "Forged"}, format="json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]


def test_a_token_write_needs_no_csrf_token(people):
    client = HostClient("alpha.localhost", people.owner_a, enforce_csrf_checks=True)

    assert client.patch("/api/v1/office/company/", {"name": "Renamed"}, format="json").status_code == 200


def test_a_forwarded_for_header_does_not_dodge_the_ip_limit(client_for, db, settings):
    settings.SMS_CODE_PER_IP_PER_HOUR = 1
    client = client_for()

    answers = [client.post("/api/v1/auth/sms-code/", {"phone": f"+861381234567{i}"},
                           HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code for i in range(3)]

    assert answers == [202, 429, 429]
