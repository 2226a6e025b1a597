"""After-sales in Chromium: a customer reports damage with a photo on their finished order, the office
acknowledges it, writes to the customer, files the insurance claim and proposes a follow-up visit, the
customer accepts, the office books the visit on a free time (with the other worker) and closes the case;
the customer sees it all."""
from __future__ import annotations

import io

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.e2e.conftest import forget_notifications, unique_phone, unique_slug
from tests.e2e.test_earnings import sign_in
from tests.e2e.test_orders import _book_paid, sign_in_with_password
from tests.support import PASSWORD, People

pytestmark = pytest.mark.e2e


@pytest.fixture
def finished_visit(world):
    """A company of its own with two workers and one order of customer_a done by the first."""
    from shared_apps.accounts.models import User
    from tenant_apps.orders.services import lifecycle
    from tenant_apps.people.services import ensure_customer
    from tenants.services import OwnerInput, sign_up_company
    from tests.payment_providers.receiver import remove_sandbox_merchant
    from tests.workforce.builders import SHANGHAI, at, company_day, make_service, make_worker

    owner_phone = unique_phone()
    company = sign_up_company(
        name="Care Cleaning", slug=unique_slug("care"), vertical="housekeeping",
        owner=OwnerInput(phone=owner_phone, email=None, password=PASSWORD, name="Cai Owner"),
    ).company
    owner = User.objects.get(phone=owner_phone)
    with schema_context(company.schema_name):
        service = make_service(owner, skills=("e2e",), name="Deep cleaning")
        first = make_worker(owner, company, skills=("e2e",), name="Fang First", phone=unique_phone())
        make_worker(owner, company, skills=("e2e",), name="Sun Second", phone=unique_phone())
        customer = ensure_customer(company=company, user=world.customer_a)
        order = _book_paid(customer_user=world.customer_a, customer=customer, service=service,
                           start=at(company, company_day(company, 3), 10))
        if order.worker_id != first.pk:
            from tenant_apps.orders.services.dispatch import assign_worker

            order = assign_worker(actor=owner, order=order, worker_id=first.pk)
        user = first.staff_member.user
        order = lifecycle.accept_task(actor=user, worker=first, order=order)
        order = lifecycle.set_off(actor=user, worker=first, order=order, eta_minutes=20)
        order = lifecycle.arrive(actor=user, worker=first, order=order,
                                 location=(SHANGHAI.latitude, SHANGHAI.longitude))
        order = lifecycle.start_service(actor=user, worker=first, order=order, now=order.starts_at)
        order = lifecycle.complete_task(actor=user, worker=first, order=order, note="Done", now=order.ends_at)
    yield company, owner_phone, order, first
    remove_sandbox_merchant(f"sandbox-{company.pk}")
    forget_notifications(company)


def _photo(tmp_path) -> str:
    from PIL import Image

    path = tmp_path / "scratch.jpg"
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 80, 40)).save(out, format="JPEG")
    path.write_bytes(out.getvalue())
    return str(path)


def test_a_damage_report_is_mediated_a_follow_up_visit_is_booked_and_the_case_closes(live, new_page,
                                                                                  finished_visit, tmp_path):
    from tenant_apps.aftersales.models import Case
    from tenant_apps.orders.models import Order

    company, owner_phone, order, first = finished_visit

    # given: the customer opens their finished order and reports damage, first forgetting to say what
    customer = new_page()
    customer.goto(live.url(company.slug, f"/orders/{order.pk}/"))
    sign_in_with_password(customer, People.PHONES["customer_a"])
    customer.get_by_role("link", name="Report a problem").click()
    customer.get_by_label("What went wrong?").select_option("damage")
    customer.get_by_label("How serious is it?").select_option("high")
    customer.get_by_role("button", name="Send the report").click()
    expect(customer.locator("#description-errors")).to_contain_text("This field is required.")
    customer.get_by_label("What happened").fill("The worker scratched the dining table")
    customer.locator("input[name=photo1]").set_input_files(_photo(tmp_path))
    customer.get_by_role("button", name="Send the report").click()
    expect(customer.locator("#case-status")).to_have_text("Open")
    expect(customer.locator("#case img")).to_have_count(1)

    # when: the office acknowledges it, writes to the customer, keeps a note for itself, proposes a visit
    office = new_page()
    sign_in(office, live.url(company.slug, "/office/login/"), owner_phone)
    office.goto(live.url(company.slug, "/office/cases/"))
    office.locator("#cases-table").get_by_role("link", name="#").first.click()
    expect(office.locator("#case")).to_contain_text("The worker scratched the dining table")
    expect(office.locator("#evidence-photos img")).to_have_count(1)  # the customer's photo (no completion photo)
    office.get_by_role("button", name="Acknowledge").click()
    expect(office.locator("#case-status")).to_have_text("Acknowledged")
    office.locator("#note-form").get_by_label("Note").fill("We are sorry; someone else will come to repair it.")
    office.locator("#note-form").get_by_label("Who may read it").select_option("customer")
    office.get_by_role("button", name="Add the note").click()
    office.locator("#note-form").get_by_label("Note").fill("Second damage report for Fang this month")
    office.locator("#note-form").get_by_label("Who may read it").select_option("office")
    office.get_by_role("button", name="Add the note").click()
    expect(office.locator("#notes li")).to_have_count(2)
    # the visit was insured from the worker's yes: the office sees what the insurer needs, then claims
    expect(office.locator("#claim-checklist li")).to_have_count(4)
    expect(office.locator("#insurance")).to_contain_text("Claim before")
    office.locator("#claim-form").get_by_label("Amount claimed").fill("450")
    office.get_by_role("button", name="File the claim").click()
    expect(office.locator("#claim")).to_contain_text("Submitted to the insurer")
    office.get_by_role("button", name="Ask the insurer for the status").click()
    expect(office.locator("#claim")).to_contain_text("Approved by the insurer")
    office.locator("#remedy-form").get_by_label("Remedy").select_option("reservice")
    office.locator("#remedy-form").get_by_label("Who bears the cost").select_option("company")
    office.get_by_role("button", name="Propose").click()
    expect(office.locator("#case-status")).to_have_text("Remedy proposed")

    # then: the customer reads the note meant for them (not the office's) and accepts the visit
    customer.reload()
    expect(customer.locator("#notes")).to_contain_text("someone else will come to repair it")
    expect(customer.locator("#notes")).not_to_contain_text("Second damage report")
    customer.get_by_role("button", name="Accept").click()
    expect(customer.locator("#case-status")).to_have_text("Remedy accepted")

    # when: the office books the follow-up on a free time and closes the case
    office.reload()
    office.locator("#follow-up-form select").select_option(index=0)
    office.get_by_role("button", name="Book the follow-up visit").click()
    expect(office.locator("#follow-up-link")).to_be_visible()
    office.locator("#close-form").get_by_label("Reason").fill("Follow-up visit booked with another worker")
    office.get_by_role("button", name="Close the case").click()
    expect(office.locator("#case-status")).to_have_text("Closed")

    # then: the customer sees the booked visit and the closed case
    customer.reload()
    expect(customer.locator("#case-status")).to_have_text("Closed")
    expect(customer.locator("#follow-up")).to_contain_text("A follow-up visit is booked for")
    with schema_context(company.schema_name):
        case = Case.objects.get(order_id=order.pk)
        follow_up = Order.objects.get(pk=case.remedies.get().follow_up_order_id)
        assert follow_up.total == 0 and follow_up.worker_id != first.pk
        assert list(case.events.values_list("action", flat=True)) == [
            "report", "acknowledge", "file_claim", "propose_remedy", "accept_remedy", "carry_out_remedy", "close"]
