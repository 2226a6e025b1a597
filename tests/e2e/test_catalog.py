"""The catalog in the browser: a customer gets a live quote on alpha's site; an owner adds a service
in the office editor and finds it on their site."""
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import unique_phone, unique_slug
from tests.support import PASSWORD

pytestmark = pytest.mark.e2e


def test_customer_picks_a_service_and_the_quote_follows_their_choices(live, page):
    page.goto(live.url("alpha", "/"))
    page.locator("#offer-heading").locator("..").get_by_role("link", name="Cleaning", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cleaning")
    page.locator(".service-card a", has_text="Home cleaning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Home cleaning")
    expect(page.locator("#cancellation-policy")).to_contain_text("Cancel at least 24 h before the visit: free")

    total = page.locator("#quote-total")
    expect(total).to_have_text(re.compile(r"^¥\d+\.\d\d$"))
    hourly = total.inner_text()

    # when they choose deep cleaning, the area field replaces the hours and the price follows
    page.get_by_role("radio", name=re.compile("Deep cleaning")).check()
    expect(page.get_by_label("Area")).to_have_value("20")
    expect(page.get_by_label("Hours")).to_have_count(0)
    expect(total).not_to_have_text(hourly)
    deep = total.inner_text()

    page.get_by_label("Area").fill("80")
    expect(total).not_to_have_text(deep)
    eighty = total.inner_text()

    page.get_by_role("checkbox", name=re.compile("Cleaner brings tools")).check()
    expect(page.locator("#quote")).to_contain_text("Cleaner brings tools")
    expect(total).not_to_have_text(eighty)

    # a start in the past is refused next to the field, and there is no price until it is fixed
    page.get_by_label("Start").fill("2020-01-01T10:00")
    expect(page.locator("#error-start")).to_have_text("Choose a time in the future.")
    expect(total).to_have_count(0)
    expect(page.locator("#quote")).to_contain_text("Correct the marked fields to see the price.")


@pytest.fixture
def fresh_company(transactional_db):
    """A company of its own (committed, removed after the package), so alpha's catalog stays as it was."""
    from tenants.services import OwnerInput, sign_up_company

    phone = unique_phone()
    company = sign_up_company(
        name="Fresh Cleaning", slug=unique_slug("fresh"), vertical="housekeeping",
        owner=OwnerInput(phone=phone, email=None, password=PASSWORD, name="Fang Owner"),
    ).company
    company.owner_phone = phone
    return company


def test_owner_adds_a_service_with_a_variant_and_it_is_on_their_site(live, page, fresh_company):
    slug = fresh_company.slug
    page.goto(live.url(slug, "/office/catalog/"))
    page.get_by_label("Mobile number or email").fill(fresh_company.owner_phone)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Catalog", exact=True)).to_be_visible()

    page.get_by_role("link", name="New service").click()
    page.get_by_label("Name (English)").fill("Sofa cleaning")
    page.get_by_label("Name (简体中文)").fill("沙发清洗")
    page.get_by_label("Category").select_option(label="Cleaning › Home cleaning")
    page.get_by_label("Description (English)").fill("Fabric sofas, deep cleaned at home.")
    page.get_by_role("button", name="Add service").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sofa cleaning")
    expect(page.get_by_text("Not on your site", exact=True)).to_be_visible()

    # given a variant priced per unit without its price
    new_variant = page.locator("#new-variant")
    new_variant.get_by_label("Name (English)").fill("Two-seat sofa")
    new_variant.get_by_label("Priced").select_option("per_unit")
    new_variant.get_by_label("Counted in").select_option("item")
    new_variant.get_by_role("button", name="Add variant").click()
    expect(page.locator("#field-new-variant-unit_price .errorlist")).to_have_text("Give the price per unit.")

    # when the price is given (and first mistyped)
    new_variant = page.locator("#new-variant")
    new_variant.get_by_label("Price per unit (¥)").fill("80.555")
    new_variant.get_by_role("button", name="Add variant").click()
    expect(page.locator("#field-new-variant-unit_price .errorlist")).to_contain_text("2 decimal places")
    page.locator("#new-variant").get_by_label("Price per unit (¥)").fill("80.50")
    page.locator("#new-variant").get_by_role("button", name="Add variant").click()
    expect(page.locator("#variants")).to_contain_text("The variant is added.")
    expect(page.locator("#variants summary", has_text="Two-seat sofa")).to_contain_text("¥80.50")

    # then the service is on the site, with its price
    page.goto(live.url(slug, "/"))
    card = page.locator(".service-card a", has_text="Sofa cleaning").first
    expect(card).to_contain_text("From ¥80.50")
    card.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sofa cleaning")
    expect(page.get_by_role("radio", name=re.compile("Two-seat sofa"))).to_be_checked()
    expect(page.locator("#quote-total")).to_have_text(re.compile(r"^¥\d+\.\d\d$"))
