"""Who may open which page: visitors are sent to the surface's sign-in, the wrong people get a 403."""
import pytest
from django.urls import URLPattern, URLResolver, get_resolver

SIGN_IN = {"office": "/office/login/", "storefront": "/login/", "worker": "/worker/login/",
           "console": "/console/login/"}


def _page_views(urlconf: str):
    """Every page view of a URLconf (the API, API docs, i18n and media have their own rules)."""
    def walk(patterns, prefix=""):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if route.startswith(("api/", "i18n/", "^media/", "ping")):
                continue
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern):
                yield route, entry.callback

    return list(walk(get_resolver(urlconf).url_patterns))


@pytest.mark.parametrize("urlconf", ["config.urls_public", "config.urls_tenant"])
def test_every_page_declares_who_may_open_it(urlconf):
    pages = _page_views(urlconf)
    assert pages
    undeclared = [route for route, view in pages if not getattr(view, "access", None)]
    assert undeclared == []


@pytest.mark.parametrize(("path", "login"), [
    ("/office/", "/office/login/"), ("/office/staff/", "/office/login/"), ("/office/brand/", "/office/login/"),
    ("/account/", "/login/"),
])
def test_visitors_of_a_company_page_are_sent_to_sign_in(page_client, company_a, path, login):
    response = page_client(company_a).get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{login}?next={path}"


@pytest.mark.parametrize(("path", "login"), [
    ("/worker/", "/worker/login/"), ("/worker/profile/", "/worker/login/"), ("/console/", "/console/login/"),
    ("/console/users/", "/console/login/"),
])
def test_visitors_of_a_platform_page_are_sent_to_sign_in(page_client, path, login):
    response = page_client().get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{login}?next={path}"


@pytest.mark.parametrize("who", ["worker_a", "customer_a", "shared_worker", "owner_b"])
def test_the_office_refuses_anyone_but_its_office_staff(page_client, people, who):
    response = page_client(people.company_a, getattr(people, who)).get("/office/")
    assert response.status_code == 403
    assert "The office is for the owner, admins, dispatchers and finance staff of Alpha Cleaning." in (
        response.content.decode())
    assert 'href="/office/login/?next=/office/"' in response.content.decode()


def test_the_office_of_one_company_refuses_the_owner_of_another(page_client, people):
    assert page_client(people.company_b, people.owner_a).get("/office/").status_code == 403
    assert page_client(people.company_a, people.owner_a).get("/office/").status_code == 200


def test_a_dispatcher_sees_the_office_but_not_the_brand_or_staff_changes(page_client, people):
    client = page_client(people.company_a, people.dispatcher_a)
    assert client.get("/office/").status_code == 200
    staff_page = client.get("/office/staff/")
    assert staff_page.status_code == 200
    assert "Add someone by mobile number" not in staff_page.content.decode()
    brand = client.get("/office/brand/")
    assert brand.status_code == 403
    assert "Only the owner and admins of Alpha Cleaning can do this." in brand.content.decode()
    assert client.post("/office/staff/add/", {"phone": "+8613912345678", "role": "worker"}).status_code == 403


@pytest.mark.parametrize("who", ["shared_worker", "owner_a", "customer_a"])
def test_the_console_refuses_everyone_but_operators(page_client, people, who):
    response = page_client(None, getattr(people, who)).get("/console/")
    assert response.status_code == 403
    assert "Only platform operators can sign in to the console." in response.content.decode()


def test_the_console_opens_for_an_operator(page_client, people):
    response = page_client(None, people.operator).get("/console/")
    assert response.status_code == 200
    assert "Alpha Cleaning" in response.content.decode()


def test_a_banned_person_loses_their_session(page_client, people):
    from shared_apps.accounts.services import set_user_status

    client = page_client(people.company_a, people.customer_a)
    assert client.get("/account/").status_code == 200
    set_user_status(actor=people.operator, user=people.customer_a, status="banned")
    assert client.get("/account/").status_code == 302


def test_the_console_and_worker_app_do_not_exist_on_a_company_host(page_client, people):
    assert page_client(people.company_a, people.operator).get("/console/").status_code == 404
    assert page_client(people.company_a, people.shared_worker).get("/worker/").status_code == 404


def test_unknown_hosts_and_suspended_companies_get_their_pages(client, people):
    from tenants.services import set_company_status

    unknown = client.get("/", HTTP_HOST="nobody.localhost")
    assert unknown.status_code == 404
    assert "There is no Doorstep site at <strong>nobody.localhost</strong>" in unknown.content.decode()

    set_company_status(actor=people.operator, company=people.company_b, status="suspended", reason="Unpaid invoices")
    suspended = client.get("/", HTTP_HOST="bravo.localhost")
    assert suspended.status_code == 503
    assert "Bravo Repairs's site is temporarily unavailable." in suspended.content.decode()
