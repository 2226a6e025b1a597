"""The storefront's calendar in the browser: a customer picks a day and the earliest time, signs in and
holds it; a second customer who was too slow hears so; an owner's week hours show on the site."""
import re
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.e2e.conftest import unique_phone, unique_slug
from tests.support import PASSWORD, People

pytestmark = pytest.mark.e2e

WEEKDAYS_NINE_TO_FIVE = [(day, time(9), time(17)) for day in range(1, 6)]


def settle(page) -> None:
    """Picking a time re-renders the calendar and reprices the quote (two htmx requests): wait for
    both, so the test clicks the buttons a person would see, not ones about to be replaced."""
    page.wait_for_load_state("networkidle")


def sign_in_with_password(page, identifier: str) -> None:
    page.get_by_role("link", name="Password").click()
    page.get_by_label("Mobile number or email").fill(identifier)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def open_service(page, url: str) -> None:
    page.goto(url)
    expect(page.locator("#calendar table.month")).to_be_visible()


@pytest.fixture
def alpha_cleaner(world):
    """Alpha's worker made a cleaner on weekdays 9 to 5 for this test (removed again afterwards)."""
    from tenant_apps.catalog.models import Service
    from tenant_apps.people.models import StaffMember
    from tenant_apps.scheduling.models import Assignment
    from tenant_apps.workforce.models import ShiftTemplate, WorkerProfile
    from tenant_apps.workforce.services import ensure_worker_profile, set_week_template, update_worker_profile

    with schema_context(world.company_a.schema_name):
        member = StaffMember.objects.get(user=world.worker_a)
        worker = ensure_worker_profile(actor=world.owner_a, member=member)
        update_worker_profile(actor=world.owner_a, worker=worker, changes={"skills": ["cleaning"]})
        set_week_template(actor=world.owner_a, worker=worker, shifts=WEEKDAYS_NINE_TO_FIVE)
        service = Service.objects.get(name__en="Home cleaning")
    yield service
    with schema_context(world.company_a.schema_name):
        Assignment.objects.filter(worker_id=member.pk).delete()
        ShiftTemplate.objects.filter(worker_id=member.pk).delete()
        WorkerProfile.objects.filter(pk=member.pk).delete()


def test_a_customer_picks_a_day_and_the_earliest_time_signs_in_and_holds_it(live, page, alpha_cleaner):
    url = live.url("alpha", f"/services/{alpha_cleaner.pk}/")
    open_service(page, url)

    # a day with free times shows its start times
    page.locator("#calendar button.day.has-slots").first.click()
    expect(page.locator("#day-view .slot").first).to_be_visible()
    expect(page.locator("#day-view .slot").first).to_have_text(re.compile(r"^\d\d:\d\d$"))

    # the earliest time fills the quote's start; a visitor is asked to sign in to hold it
    page.get_by_role("button", name="Earliest available").click()
    settle(page)
    expect(page.locator("#day-view .slot.selected")).to_have_count(1)
    picked = page.locator("#day-view .slot.selected").get_attribute("data-slot-start")
    expect(page.get_by_label("Start")).to_have_value(picked)
    page.get_by_role("link", name="Sign in to hold this time").click()
    sign_in_with_password(page, People.PHONES["customer_a"])
    expect(page).to_have_url(re.compile(re.escape(url) + r"\?.*start="))  # back with the choices kept

    expect(page.locator("#calendar table.month")).to_be_visible()
    settle(page)
    expect(page.locator("#day-view .slot.selected")).to_have_attribute("data-slot-start", picked)
    page.get_by_role("button", name="Hold this time").click()
    expect(page.locator("#hold-status")).to_contain_text(re.compile(r"Held for you until \d\d:\d\d"))


@pytest.fixture
def one_cleaner_company(transactional_db):
    """A company of its own with one cleaner (no hours yet) and two customers."""
    from shared_apps.accounts.models import User
    from tenant_apps.catalog.models import Service
    from tenant_apps.people.services import ensure_customer
    from tenant_apps.workforce.services import invite_worker
    from tenants.services import OwnerInput, sign_up_company

    owner_phone = unique_phone()
    company = sign_up_company(
        name="Solo Cleaning", slug=unique_slug("solo"), vertical="housekeeping",
        owner=OwnerInput(phone=owner_phone, email=None, password=PASSWORD, name="Su Owner"),
    ).company
    owner = User.objects.get(phone=owner_phone)
    customers = [User.objects.create_user(phone=unique_phone(), password=PASSWORD, name=f"Customer {n}")
                 for n in (1, 2)]
    with schema_context(company.schema_name):
        company.worker = invite_worker(actor=owner, company=company, phone=unique_phone(), display_name="Solo Cleaner",
                                       profile={"skills": ["cleaning"]})
        company.service = Service.objects.get(name__en="Home cleaning")
        company.customers = [(user, ensure_customer(company=company, user=user)) for user in customers]
    company.owner, company.owner_phone = owner, owner_phone
    return company


def test_a_slower_customer_hears_the_time_was_just_taken(live, page, one_cleaner_company):
    from tenant_apps.scheduling.selectors import JobRequest
    from tenant_apps.scheduling.services import HoldRequest, place_hold
    from tenant_apps.workforce.services import set_week_template

    company = one_cleaner_company
    with schema_context(company.schema_name):
        set_week_template(actor=company.owner, worker=company.worker, shifts=WEEKDAYS_NINE_TO_FIVE)
    (first_user, first), (second_user, _second) = company.customers
    url = live.url(company.slug, f"/services/{company.service.pk}/")
    page.goto(live.url(company.slug, "/login/"))
    sign_in_with_password(page, second_user.phone)
    open_service(page, url)
    page.get_by_role("button", name="Earliest available").click()
    settle(page)
    expect(page.get_by_role("button", name="Hold this time")).to_be_visible()
    picked = page.locator("#day-view .slot.selected").get_attribute("data-slot-start")
    variant = int(page.locator("input[name=variant]:checked").get_attribute("value"))

    # given the other customer takes that time first (the only cleaner)
    start = datetime.fromisoformat(picked).replace(tzinfo=ZoneInfo(company.time_zone))
    with schema_context(company.schema_name):
        place_hold(actor=first_user, customer=first, request=HoldRequest(
            job=JobRequest(service_id=company.service.pk, variant_id=variant, duration_minutes=180), start=start))

    page.get_by_role("button", name="Hold this time").click()
    expect(page.locator("#hold-status")).to_contain_text("This time was just taken")
    fresh = page.locator("#hold-panel .slot")
    expect(fresh.first).to_be_visible()
    assert picked not in [fresh.nth(i).get_attribute("data-slot-start") for i in range(fresh.count())]


def test_the_owner_sets_a_workers_week_and_the_site_offers_those_days_only(live, page, one_cleaner_company):
    company = one_cleaner_company
    page.goto(live.url(company.slug, f"/office/workers/{company.worker.pk}/"))
    page.get_by_label("Mobile number or email").fill(company.owner_phone)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Solo Cleaner")

    page.get_by_label("Tuesday from").first.fill("09:00")
    page.get_by_label("Tuesday until").first.fill("17:00")
    page.get_by_role("button", name="Save week").click()
    expect(page.get_by_text("The week is saved.")).to_be_visible()

    open_service(page, live.url(company.slug, f"/services/{company.service.pk}/"))
    page.get_by_role("button", name="Earliest available").click()
    settle(page)
    expect(page.locator("#day-view .slot.selected")).to_have_count(1)
    days = page.locator("#calendar button.day.has-slots")
    expect(days.first).to_be_visible()
    dates = [date.fromisoformat(days.nth(i).get_attribute("data-date")) for i in range(days.count())]
    assert dates and {d.isoweekday() for d in dates} == {2}
