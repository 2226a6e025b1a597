"""/healthz answers on any host, before the company lookup."""
import pytest

from tests.conftest import HostClient


@pytest.mark.parametrize("host", ["localhost", "alpha.localhost", "nosuch.example.com"])
def test_healthz_reports_database_and_redis_on_any_host(company_a, host):
    response = HostClient(host).get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "redis": "ok"}}


def test_healthz_says_unhealthy_when_redis_is_down(db, monkeypatch):
    from shared_apps.core import middleware

    monkeypatch.setattr(middleware, "_check_redis", lambda: "error: ConnectionError")

    response = HostClient("localhost").get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "unhealthy"
    assert response.json()["checks"]["redis"] == "error: ConnectionError"


def test_healthz_for_a_suspended_company_still_answers(client_for, people):
    from tenants.services import set_company_status

    set_company_status(actor=people.operator, company=people.company_b, status="suspended", reason="Unpaid invoices")

    assert HostClient("bravo.localhost").get("/healthz").status_code == 200
