"""The platform operator's console: suspending a company, banning a user."""
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import unique_phone, unique_slug
from tests.support import PASSWORD, People

pytestmark = pytest.mark.e2e
SCREENSHOTS = Path(tempfile.gettempdir()) / "doorstep-screenshots"
SCREENSHOTS.mkdir(exist_ok=True)


@pytest.fixture
def fresh_company(transactional_db):
    """A company of its own (committed), so that a failing test cannot leave alpha or bravo suspended."""
    from tenants.services import OwnerInput, sign_up_company

    return sign_up_company(
        name="Tidy Movers", slug=unique_slug("tidy"), vertical="moving",
        owner=OwnerInput(phone=unique_phone(), email=None, password=PASSWORD, name="Tao"),
    ).company


def sign_in_to_console(live, page) -> None:
    page.goto(live.url(None, "/console/"))
    page.get_by_label("Mobile number or email").fill("ops@doorstep.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Companies")).to_be_visible()


def test_operator_suspends_a_company_and_its_site_goes_dark_until_reactivated(live, new_page, fresh_company):
    console, visitor = new_page(), new_page()
    sign_in_to_console(live, console)
    row = console.locator(f"tr[data-slug='{fresh_company.slug}']")
    expect(row).to_contain_text("Tidy Movers")

    row.get_by_text("Suspend…").click()  # a confirmation step, not a one-click suspension
    expect(row.get_by_text("site, office and API stop answering until it is reactivated")).to_be_visible()
    expect(row.locator(".badge")).to_have_text("Active")
    row.get_by_role("button", name="Confirm suspension").click()  # no reason: the browser asks for one
    expect(row.locator(".badge")).to_have_text("Active")
    row.get_by_label("Reason").fill("Unpaid invoices since October")
    row.get_by_role("button", name="Confirm suspension").click()
    expect(row.locator(".badge")).to_have_text("Suspended")
    expect(row.get_by_test_id("status-change")).to_contain_text("Suspended by Olga Operator on ")
    expect(row.get_by_test_id("status-change")).to_contain_text("Unpaid invoices since October")
    console.screenshot(path=str(SCREENSHOTS / "console-suspended.png"), full_page=True)
    console.reload()  # recorded, not only shown: the reason is still there on a fresh page
    expect(console.locator(f"tr[data-slug='{fresh_company.slug}'] [data-testid=status-change]")).to_contain_text(
        "Unpaid invoices since October")
    response = visitor.goto(live.url(fresh_company.slug, "/"))
    assert response.status == 503
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Temporarily unavailable")

    row = console.locator(f"tr[data-slug='{fresh_company.slug}']")
    row.get_by_role("button", name="Reactivate").click()
    expect(row.locator(".badge")).to_have_text("Active")
    expect(row.get_by_test_id("status-change")).to_contain_text("Reactivated by Olga Operator on ")
    response = visitor.goto(live.url(fresh_company.slug, "/"))
    assert response.status == 200
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Tidy Movers")


def test_operator_bans_a_user_who_then_cannot_sign_in(live, new_page):
    from shared_apps.accounts.models import User

    phone = unique_phone()
    User.objects.create_user(phone=phone, password=PASSWORD, name="Ban Me")
    console, person = new_page(), new_page()
    sign_in_to_console(live, console)
    console.get_by_role("link", name="Users").click()
    console.get_by_label("Phone, email or name").fill(phone)
    console.get_by_role("button", name="Search").click()
    row = console.locator("#users-table tbody tr")
    expect(row).to_have_count(1)
    row.get_by_label("Reason").fill("Fake orders")
    row.get_by_role("button", name="Ban").click()
    expect(row.locator(".badge")).to_have_text("Banned")

    person.goto(live.url("alpha", "/login/?with=password"))
    person.get_by_label("Mobile number or email").fill(phone)
    person.get_by_label("Password").fill(PASSWORD)
    person.get_by_role("button", name="Sign in").click()
    expect(person.get_by_role("alert")).to_contain_text("This account is banned.")

    row.get_by_role("button", name="Restore").click()
    expect(row.locator(".badge")).to_have_text("Active")


def test_a_worker_cannot_open_the_console(live, page):
    page.goto(live.url(None, "/console/login/"))
    page.get_by_label("Mobile number or email").fill(People.PHONES["shared_worker"])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Only platform operators can sign in to the console.")
