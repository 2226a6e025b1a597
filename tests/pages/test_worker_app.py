"""The worker app's pages and what makes it installable."""
import json


def test_the_worker_app_lists_the_companies_with_their_colours(page_client, people):
    html = page_client(None, people.shared_worker).get("/worker/").content.decode()
    assert "Alpha Cleaning" in html and "Bravo Repairs" in html
    assert f"--company-color: {people.company_a.primary_color}" in html


def test_someone_who_works_nowhere_is_told_plainly(page_client, people):
    html = page_client(None, people.customer_a).get("/worker/").content.decode()
    assert "You don't work for any company yet" in html


def test_a_suspended_company_leaves_the_list(page_client, people):
    from tenants.services import set_company_status

    set_company_status(actor=people.operator, company=people.company_b, status="suspended", reason="Unpaid invoices")
    html = page_client(None, people.shared_worker).get("/worker/").content.decode()
    assert "Alpha Cleaning" in html and "Bravo Repairs" not in html


def test_the_profile_shows_the_roles(page_client, people):
    html = page_client(None, people.worker_a).get("/worker/profile/").content.decode()
    assert people.PHONES["worker_a"] in html and "Alpha Cleaning: Worker" in html


def test_the_manifest_makes_it_installable(page_client):
    response = page_client().get("/worker/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == manifest["scope"] == "/worker/"
    assert manifest["display"] == "standalone"
    assert {icon["type"] for icon in manifest["icons"]} == {"image/svg+xml"}
    assert {icon["purpose"] for icon in manifest["icons"]} == {"any", "maskable"}


def test_the_service_worker_may_control_the_worker_app(page_client):
    response = page_client().get("/worker/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/worker/"
    assert 'const OFFLINE_URL = "/worker/offline/";' in response.content.decode()


def test_the_worker_pages_link_the_manifest(page_client):
    html = page_client().get("/worker/login/").content.decode()
    assert '<link rel="manifest" href="/worker/manifest.webmanifest">' in html
    assert 'navigator.serviceWorker.register("/worker/sw.js"' in html
