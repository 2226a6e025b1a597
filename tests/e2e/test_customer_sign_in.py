"""A customer signs in to a company's site with an SMS code (delivered by the Celery worker)."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import unique_phone

pytestmark = pytest.mark.e2e


def test_customer_signs_in_with_an_sms_code_and_edits_their_name(live, page):
    phone = unique_phone()
    national = phone.removeprefix("+86")
    page.goto(live.url("alpha", "/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Alpha Cleaning")
    page.get_by_role("link", name="Sign in to book").click()

    page.get_by_label("Mobile number").fill(national)  # typed as people do, without +86
    page.get_by_role("button", name="Send code").click()
    masked = f"+86 {national[:3]}****{national[-4:]}"
    expect(page.locator("#code-status")).to_contain_text(f"Code sent to {masked}")

    code, message = live.sms_code(phone)
    assert message["text"].startswith("[Alpha Cleaning]")
    page.get_by_label("Code from the SMS").fill(code)
    page.get_by_role("button", name="Sign in", exact=True).click()

    expect(page).to_have_url(live.url("alpha", "/account/"))
    expect(page.get_by_role("heading", name="My account")).to_be_visible()
    expect(page.get_by_text(phone)).to_be_visible()
    page.get_by_label("Your name").fill("Mei Lin")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your profile is saved.")).to_be_visible()
    expect(page.get_by_test_id("customer-name")).to_have_text("Mei Lin")


def test_a_wrong_code_is_shown_on_the_form(live, page):
    phone = unique_phone()
    page.goto(live.url("alpha", "/login/"))
    page.get_by_label("Mobile number").fill(phone)
    page.get_by_role("button", name="Send code").click()
    expect(page.locator("#code-status")).to_contain_text("Code sent")
    code, _ = live.sms_code(phone)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    page.get_by_label("Code from the SMS").fill(wrong)
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator("#field-code .errorlist")).to_have_text("That code is not right.")
    expect(page).to_have_url(re.compile(r"/login/$"))
