"""Operators suspend and reactivate companies from the console API; nobody else can."""
import pytest

from shared_apps.changes.models import Change
from tenants.models import Company

SUSPEND = {"status": "suspended", "reason": "Unpaid invoices"}


def url(company_id):
    return f"/api/v1/console/companies/{company_id}/status/"


def test_an_operator_suspends_a_company(client_for, people):
    response = client_for(None, people.operator).post(url(people.company_b.pk), SUSPEND, format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "suspended"
    assert Company.objects.get(pk=people.company_b.pk).status == "suspended"
    change = Change.objects.get(action="company.suspended", target_id=people.company_b.pk)
    assert (change.actor_id, change.reason, change.data) == (
        people.operator.pk, "Unpaid invoices", {"from": "active", "to": "suspended"})


def test_suspending_needs_a_reason_and_changes_nothing_without_one(client_for, people):
    response = client_for(None, people.operator).post(url(people.company_b.pk), {"status": "suspended"},
                                                      format="json")

    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["fields"] == {"reason": ["Say why the company is suspended."]}
    assert Company.objects.get(pk=people.company_b.pk).status == "active"
    assert not Change.objects.filter(target_id=people.company_b.pk, action__startswith="company.").exists()


@pytest.mark.parametrize("who", ["owner_a", "owner_b", "worker_b", "customer_b"])
def test_non_operators_cannot_change_a_companys_status(client_for, people, who):
    response = client_for(None, getattr(people, who)).post(url(people.company_b.pk), SUSPEND,
                                                           format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert Company.objects.get(pk=people.company_b.pk).status == "active"


def test_anonymous_callers_are_asked_to_sign_in(client_for, people):
    response = client_for().post(url(people.company_b.pk), SUSPEND, format="json")

    assert response.status_code == 401


@pytest.mark.parametrize("company", ["a", None])
def test_the_console_api_does_not_exist_on_company_hosts(client_for, people, company):
    host = people.company_a if company == "a" else people.company_b

    response = client_for(host, people.operator).post(url(people.company_b.pk), SUSPEND,
                                                      format="json")

    assert response.status_code == 404
    assert Company.objects.get(pk=people.company_b.pk).status == "active"


@pytest.mark.parametrize("company_id", ["null,null", "-1", "0", "99999999999999999999", "abc"])
def test_odd_or_unknown_company_ids_are_not_found(client_for, people, company_id):
    response = client_for(None, people.operator).post(url(company_id), SUSPEND, format="json")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_platform_itself_cannot_be_suspended(client_for, people):
    platform = Company.objects.get(schema_name="public")

    response = client_for(None, people.operator).post(url(platform.pk), SUSPEND, format="json")

    assert response.status_code == 404
    assert Company.objects.get(pk=platform.pk).status == "active"


def test_an_unknown_status_is_a_field_error(client_for, people):
    response = client_for(None, people.operator).post(url(people.company_b.pk), {"status": "deleted"},
                                                      format="json")

    assert response.status_code == 400
    assert "status" in response.json()["fields"]
