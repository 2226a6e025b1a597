"""Whatever is sent to whichever endpoint, the API answers a client error, never a 500; and
session-authenticated writes need a CSRF token."""
import re

import pytest

from tests.conftest import HostClient
from tests.core.test_api_permissions_declared import api_views

ODD_IDS = ["null,null", "-1", "99999999999999999999", "1'--"]
# 2 KB of nested brackets made json.loads raise RecursionError (a 500) before any view code ran.
DEEP_LIST = "[" * 1000 + "]" * 1000
DEEP_OBJECT = '{"a":' * 1000 + "1" + "}" * 1000
BODIES = [{}, {"phone": None, "role": ["x"], "status": {"a": 1}, "name": 10**30, "code": 123456}, "garbage",
          DEEP_LIST, DEEP_OBJECT]
# Dates near year 1 and 9999 overflowed date arithmetic (OverflowError, a 500).
EXTREME_DATES = ["9999-12-31", "0001-01-01"]
DATE_PARAMS = ["start", "end", "date", "day", "week", "week_start", "start_date", "end_date", "month"]


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
                    failures.append((method, path, str(body)[:40], response.status_code))
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


@pytest.mark.parametrize("body", [DEEP_LIST, DEEP_OBJECT], ids=["list", "object"])
def test_deeply_nested_json_is_refused_with_a_clear_code(client_for, body):
    response = client_for().post("/api/v1/auth/sms-code/", body, content_type="application/json")

    assert response.status_code == 400
    assert response.json()["code"] == "json_too_deep"
    assert "nested" in response.json()["message"]


def test_modest_nesting_is_still_parsed(client_for):
    body = '{"phone": "+8613800138999", "extra": ' + "[" * 20 + "]" * 20 + "}"

    assert client_for().post("/api/v1/auth/sms-code/", body, content_type="application/json").status_code == 202


def test_a_huge_json_body_is_refused_before_parsing(client_for, settings):
    body = '{"phone": "' + "1" * (settings.API_MAX_JSON_BYTES + 10) + '"}'

    response = client_for().post("/api/v1/auth/sms-code/", body, content_type="application/json")

    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"


def test_a_huge_form_body_is_refused_before_parsing(client_for, people, settings):
    huge = "phone=" + "1" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)

    response = client_for(people.company_a).post("/office/login/code/", huge,
                                                 content_type="application/x-www-form-urlencoded")

    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"


def _get_routes(urlconf):
    for path in concrete_paths(urlconf):
        if "null,null" in path or "-1" in path or "'" in path:
            continue
        yield path


@pytest.mark.parametrize("urlconf, who, company", [
    ("config.urls_public", "shared_worker", None),
    ("config.urls_tenant", "owner_a", "a"),
    ("config.urls_tenant", "customer_a", "a"),
    ("config.urls_tenant", None, "a"),
])
def test_dates_at_the_ends_of_the_calendar_never_make_the_api_fail(client_for, people, urlconf, who, company):
    client = client_for(people.company_a if company else None, getattr(people, who) if who else None)
    failures = []

    for path in _get_routes(urlconf):
        for value in EXTREME_DATES:
            for params in ({name: value for name in DATE_PARAMS}, {"start": value}, {"end": value},
                           {"start": "2026-01-01", "end": value}, {"date": value}, {"week": value}):
                response = client.get(path, params)
                if response.status_code >= 500:
                    failures.append((path, params, response.status_code))

    assert failures == []


@pytest.mark.parametrize("value", EXTREME_DATES)
def test_extreme_dates_on_the_calendars_and_schedules_are_field_errors(client_for, people, value):
    from django_tenants.utils import schema_context

    from tenant_apps.catalog.models import Service
    from tenant_apps.people.models import StaffMember

    with schema_context(people.company_a.schema_name):
        service = Service.objects.order_by("pk").first()
        worker_id = StaffMember.objects.get(user=people.worker_a).pk
    office = client_for(people.company_a, people.owner_a)
    visitor = client_for(people.company_a)

    slots = visitor.get("/api/v1/slots/", {"service": service.pk, "latitude": 31.23, "longitude": 121.47,
                                           "start": value, "end": value})
    board = office.get("/api/v1/office/orders/", {"date": value})
    roster = office.get("/api/v1/office/roster/", {"week": value})
    schedule = office.get(f"/api/v1/workers/{worker_id}/schedule/", {"start": value, "end": value})

    for response in (slots, board, roster):
        assert response.status_code == 400, (response.request["PATH_INFO"], response.content)
        assert response.json()["fields"], response.json()
    assert schedule.status_code == 400 and schedule.json()["fields"]


@pytest.mark.parametrize("value", EXTREME_DATES)
def test_extreme_dates_on_pages_show_the_page_not_a_500(client_for, people, value):
    from django.test import Client
    from django_tenants.utils import schema_context

    from tenant_apps.catalog.models import Service
    from tenant_apps.people.models import StaffMember

    with schema_context(people.company_a.schema_name):
        service = Service.objects.order_by("pk").first()
        worker_id = StaffMember.objects.get(user=people.worker_a).pk
    office = Client(HTTP_HOST="alpha.localhost")
    office.force_login(people.owner_a)
    visitor = Client(HTTP_HOST="alpha.localhost")
    failures = []

    for client, path, params in [
        (visitor, f"/services/{service.pk}/calendar/", {"month": value[:7], "day": value}),
        (visitor, f"/services/{service.pk}/calendar/", {"day": value}),
        (office, "/office/orders/", {"date": value}),
        (office, "/office/roster/", {"week": value}),
        (office, f"/office/workers/{worker_id}/schedule/", {"week": value, "start": value}),
        (office, "/office/time-off/", {"start": value}),
    ]:
        response = client.get(path, params)
        if response.status_code >= 500:
            failures.append((path, params, response.status_code))

    assert failures == []
