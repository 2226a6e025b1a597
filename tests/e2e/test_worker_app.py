"""The shared worker app on the platform host, and a worker at a company's office door."""
import re

import pytest
from playwright.sync_api import expect

from tests.support import PASSWORD, People

pytestmark = pytest.mark.e2e


def sign_in_with_password(page, identifier: str) -> None:
    page.get_by_role("link", name="Password").click()
    page.get_by_label("Mobile number or email").fill(identifier)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_the_shared_worker_signs_in_once_and_sees_both_companies(live, page):
    page.goto(live.url(None, "/worker/"))
    expect(page).to_have_url(re.compile(r"/worker/login/\?next=/worker/$"))
    sign_in_with_password(page, People.PHONES["shared_worker"])

    expect(page).to_have_url(live.url(None, "/worker/"))
    companies = page.locator("#companies li")
    expect(companies).to_have_count(2)
    expect(companies.filter(has_text="Alpha Cleaning")).to_be_visible()
    expect(companies.filter(has_text="Bravo Repairs")).to_be_visible()

    # installable: a manifest and a service worker controlling /worker/
    manifest = page.evaluate("fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())")
    assert manifest["scope"] == "/worker/" and manifest["display"] == "standalone"
    scope = page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)")
    assert scope == live.url(None, "/worker/")


def test_someone_with_no_company_is_told_so(live, page, world):
    page.goto(live.url(None, "/worker/login/"))
    sign_in_with_password(page, People.PHONES["customer_a"])
    expect(page.get_by_role("heading", name="You don't work for any company yet")).to_be_visible()


def test_a_worker_is_refused_at_the_office(live, page):
    page.goto(live.url("alpha", "/office/"))
    expect(page).to_have_url(re.compile(r"/office/login/"))
    sign_in_with_password(page, People.PHONES["worker_a"])
    expect(page.get_by_role("alert")).to_contain_text("Only the office staff of Alpha Cleaning can sign in here.")

    page.goto(live.url("alpha", "/office/"))  # no session was made
    expect(page).to_have_url(re.compile(r"/office/login/"))

    # signed in on the storefront (as anyone may), the office still says no
    page.goto(live.url("alpha", "/login/"))
    sign_in_with_password(page, People.PHONES["worker_a"])
    response = page.goto(live.url("alpha", "/office/"))
    assert response.status == 403
    expect(page.get_by_role("heading", name="You can't open this page")).to_be_visible()
