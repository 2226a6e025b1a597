"""The operator console: companies and users."""
import pytest


@pytest.fixture
def console(page_client, people):
    return page_client(None, people.operator)


def test_the_console_lists_companies_with_their_status(console):
    html = console.get("/console/").content.decode()
    assert "Alpha Cleaning" in html and "Bravo Repairs" in html
    assert 'data-slug="alpha"' in html and "Suspend" in html


def test_suspend_and_reactivate_a_company(console, people):
    company = people.company_b
    refused = console.post(f"/console/companies/{company.pk}/status/", {"status": "suspended", "reason": " "},
                           HTTP_HX_REQUEST="true").content.decode()
    assert "Say why the company is suspended." in refused and "<details class=\"editor suspend\" open>" in refused
    company.refresh_from_db()
    assert not company.is_suspended
    row = console.post(f"/console/companies/{company.pk}/status/", {"status": "suspended", "reason": "Unpaid invoices"},
                       HTTP_HX_REQUEST="true").content.decode()
    assert '<span class="badge suspended">Suspended</span>' in row
    assert "Suspended by Olga Operator on " in row and "<q>Unpaid invoices</q>" in row
    assert "Unpaid invoices" in console.get("/console/").content.decode()
    company.refresh_from_db()
    assert company.is_suspended
    response = console.post(f"/console/companies/{company.pk}/status/", {"status": "active"})
    assert response.status_code == 302
    company.refresh_from_db()
    assert not company.is_suspended


def test_unknown_companies_and_users_are_not_found(console):
    assert console.post("/console/companies/999999/status/", {"status": "active"}).status_code == 404
    assert console.post("/console/companies/null,null/status/", {"status": "active"}).status_code == 404
    assert console.post("/console/users/999999/status/", {"status": "banned"}).status_code == 404


@pytest.mark.parametrize("query", ["+8618600186001", "186 0018 6001", "ops@doorstep", "6001"])
def test_users_are_found_by_phone_or_email(console, query):
    html = console.get("/console/users/", {"q": query}).content.decode()
    assert "users-table" in html


def test_warn_restrict_ban_and_restore_a_user(console, people):
    user = people.customer_a
    for status, label in [("warned", "Warned"), ("restricted", "Restricted"), ("banned", "Banned"),
                          ("active", "Active")]:
        row = console.post(f"/console/users/{user.pk}/status/", {"status": status, "reason": "test"},
                           HTTP_HX_REQUEST="true")
        assert f'<span class="badge {status}">{label}</span>' in row.content.decode()
        user.refresh_from_db()
        assert user.status == status


def test_an_operator_cannot_change_their_own_status(console, people):
    response = console.post(f"/console/users/{people.operator.pk}/status/", {"status": "banned"}, follow=True)
    assert "You cannot change your own status." in response.content.decode()
    people.operator.refresh_from_db()
    assert people.operator.status == "active"
