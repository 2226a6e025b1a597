"""A company signs up on the landing page, then its owner opens the new site and its office."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import unique_phone, unique_slug
from tests.support import PASSWORD

pytestmark = pytest.mark.e2e


def test_company_signs_up_then_the_owner_signs_in_to_its_office(live, page):
    slug, phone = unique_slug("shiny"), unique_phone()
    page.goto(live.url(None, "/"))
    expect(page.get_by_role("heading", name="Your home-service company online, today")).to_be_visible()

    # given a subdomain that another company has
    page.get_by_label("Company name").fill("Shiny Homes")
    page.get_by_label("Your site's address").fill("alpha")
    expect(page.locator("#slug-status")).to_contain_text("taken")  # the live check, as it is typed
    page.get_by_label("What you do").select_option("housekeeping")
    page.get_by_label("Your name").fill("Sheng Owner")
    page.get_by_label("Your mobile number").fill(phone)
    page.get_by_label("Your email").fill(f"{slug}@example.com")
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_role("button", name="Create my site").click()
    expect(page.locator("#field-slug .errorlist")).to_have_text("This subdomain is taken. Choose another.")

    # when the subdomain is free but the password is weak
    page.get_by_label("Your site's address").fill(slug)
    expect(page.locator("#slug-status")).to_contain_text(f"{slug}.localhost is free")
    page.get_by_label("Choose a password").fill("12345678")
    page.get_by_role("button", name="Create my site").click()
    expect(page.locator("#field-password .errorlist")).to_contain_text("too common")
    expect(page.get_by_label("Company name")).to_have_value("Shiny Homes")  # the rest is kept

    # then with a good password the site is ready
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_role("button", name="Create my site").click()
    expect(page.get_by_role("heading", name="Your site is ready")).to_be_visible()
    site = live.url(slug, "/")
    expect(page.locator("#site-url")).to_have_text(site)
    expect(page.locator("#office-url")).to_have_text(live.url(slug, "/office/"))

    page.locator("#site-url").click()
    expect(page).to_have_url(site)
    expect(page.get_by_role("heading", level=1)).to_have_text("Shiny Homes")

    # "Go to your office" opens the office signed in: no second sign-in on the company's host
    page.goto(live.url(None, "/welcome/"))
    page.get_by_role("button", name="Go to your office").click()
    expect(page).to_have_url(live.url(slug, "/office/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Welcome to the office of Shiny Homes")
    expect(page.get_by_text("You are signed in as Owner.")).to_be_visible()
