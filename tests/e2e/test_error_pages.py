"""A suspended company's site and a host nobody owns show their error page styled, like every other
page: the stylesheet is served through the same host (issue 12 point 12)."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import unique_phone, unique_slug
from tests.support import PASSWORD

pytestmark = pytest.mark.e2e
SCREENSHOTS = "/tmp/doorstep-e2e-error-pages"


@pytest.fixture
def suspended_company(transactional_db):
    """A company of its own (committed), suspended through its status column: how a company is
    suspended (the console's confirmation and reason) is not what this test is about."""
    from tenants import hosts
    from tenants.models import Company
    from tenants.services import OwnerInput, sign_up_company

    company = sign_up_company(
        name="Shut Shop", slug=unique_slug("shut"), vertical="moving",
        owner=OwnerInput(phone=unique_phone(), email=None, password=PASSWORD, name="Shu"),
    ).company
    Company.objects.filter(pk=company.pk).update(status="suspended")
    hosts.forget_company(company)
    return company


def styled(page) -> dict:
    return page.evaluate("""() => ({
        rules: [...document.styleSheets].reduce((n, sheet) => n + sheet.cssRules.length, 0),
        font: getComputedStyle(document.body).fontFamily,
        cardRadius: getComputedStyle(document.querySelector('.card')).borderTopLeftRadius,
    })""")


@pytest.mark.parametrize("case", ["suspended", "unknown"])
def test_the_error_page_keeps_its_styles(live, new_page, suspended_company, case):
    page = new_page()
    stylesheets = []
    page.on("response", lambda r: stylesheets.append(r.status) if r.request.resource_type == "stylesheet" else None)
    host = suspended_company.slug if case == "suspended" else unique_slug("nobody")

    response = page.goto(live.url(host, "/"))
    page.screenshot(path=f"{SCREENSHOTS}-{case}.png", full_page=True)
    style = styled(page)

    assert response.status == (503 if case == "suspended" else 404)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Temporarily unavailable" if case == "suspended" else "No site here", ignore_case=True)
    assert stylesheets and set(stylesheets) == {200}
    assert style["rules"] > 10
    assert "Times" not in style["font"]
    assert style["cardRadius"] not in ("", "0px")
