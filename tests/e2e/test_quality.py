"""Credit score and sanctions in the browser, on a phone: a worker reads their score, what each part
rests on and what would raise it, sees a sanction with its figures and appeals it; a second manager
(not the one who issued it) upholds the appeal in the office; the worker sees it overturned. A
company of the test's own."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.e2e.conftest import forget_notifications, unique_phone, unique_slug
from tests.e2e.test_earnings import sign_in
from tests.support import PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture
def scored(world):
    """A company with an owner, an admin and a worker who dropped one visit after accepting it; scores
    computed; the owner has issued the worker a warning."""
    from shared_apps.accounts.models import User
    from shared_apps.core.actor import SYSTEM
    from tenant_apps.orders.services import lifecycle
    from tenant_apps.people.models import StaffRole
    from tenant_apps.people.services import ensure_customer, invite_staff_member
    from tenant_apps.quality.models import SanctionGround, SanctionLevel
    from tenant_apps.quality.services.credit import recompute_credit_scores
    from tenant_apps.quality.services.sanctions import SanctionInput, issue_sanction
    from tenants.services import OwnerInput, sign_up_company
    from tests.e2e.test_orders import _book_paid
    from tests.workforce.builders import at, company_day, make_service, make_worker

    owner_phone, admin_phone, worker_phone = unique_phone(), unique_phone(), unique_phone()
    company = sign_up_company(
        name="Score Cleaning", slug=unique_slug("score"), vertical="housekeeping",
        owner=OwnerInput(phone=owner_phone, email=None, password=PASSWORD, name="Sue Owner"),
    ).company
    owner = User.objects.get(phone=owner_phone)
    with schema_context(company.schema_name):
        invite_staff_member(actor=owner, company=company, phone=admin_phone, role=StaffRole.ADMIN,
                            display_name="Ada Admin")
        service = make_service(owner, skills=("e2e",), name="Window cleaning")
        worker = make_worker(owner, company, skills=("e2e",), name="Wu Worker", phone=worker_phone)
        customer = ensure_customer(company=company, user=world.customer_a)
        order = _book_paid(customer_user=world.customer_a, customer=customer, service=service,
                           start=at(company, company_day(company, 3), 10))
        user = worker.staff_member.user
        order = lifecycle.accept_task(actor=user, worker=worker, order=order)
        lifecycle.decline_task(actor=user, worker=worker, order=order, reason="Car broke down")
        recompute_credit_scores(actor=SYSTEM, now=order.ends_at + timedelta(days=1))
        issue_sanction(actor=owner, worker=worker, sanction=SanctionInput(
            level=SanctionLevel.WARNING, ground=SanctionGround.CREDIT_SCORE, note="A visit dropped after accepting",
            metric="Credit score", threshold=Decimal("99"), value=Decimal("95.5")))
    for phone in (admin_phone, worker_phone):
        person = User.objects.get(phone=phone)
        person.set_password(PASSWORD)
        person.save(update_fields=["password"])
    yield company, owner_phone, admin_phone, worker_phone
    forget_notifications(company)


def test_a_worker_reads_their_score_appeals_and_another_manager_upholds_it(live, new_page, scored):
    company, owner_phone, admin_phone, worker_phone = scored

    # given: the worker on a phone reads their score at this company
    worker = new_page()
    sign_in(worker, live.url(None, "/worker/login/?with=password"), worker_phone)
    worker.get_by_role("link", name="My score").click()
    card = worker.locator(f"#score-{company.pk}")
    expect(card.locator("[data-figure=score]")).to_have_text(__import__("re").compile(r"^\d+\.\d$"))
    expect(card.locator("li[data-component=reliability]")).to_contain_text("Of 1 visits: 1 dropped after accepting")
    expect(card.locator("[data-advice=reliability]")).to_contain_text("Decline an offer you cannot keep")
    expect(card.locator("[data-sanction]")).to_contain_text("Credit score: 95.50 (threshold 99.00)")
    worker.screenshot(path="/tmp/score.png", full_page=True)
    assert worker.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # when: they appeal, first with nothing said, then with their reason
    card.locator("summary", has_text="Appeal").click()
    card.get_by_role("button", name="Send the appeal").click()
    expect(worker.locator("[data-sanction]")).to_contain_text("This field is required")
    card = worker.locator(f"#score-{company.pk}")
    card.get_by_label("Why the sanction is wrong").fill("The customer cancelled the day before; I only confirmed it.")
    card.get_by_role("button", name="Send the appeal").click()
    expect(worker.get_by_text("Appeal sent")).to_be_visible()
    expect(card.locator("[data-appeal-status]")).to_contain_text("Waiting for a decision")

    # then: the owner who issued it cannot decide; the admin upholds it
    owner = new_page()
    sign_in(owner, live.url(company.slug, "/office/login/?with=password"), owner_phone)
    owner.goto(live.url(company.slug, "/office/quality/"))
    expect(owner.locator("#appeal-queue")).to_contain_text("someone else decides its appeal")
    expect(owner.locator("#appeal-queue button", has_text="Decide")).to_have_count(0)

    admin = new_page()
    sign_in(admin, live.url(company.slug, "/office/login/?with=password"), admin_phone)
    admin.get_by_role("link", name="Quality").click()
    queue = admin.locator("#appeal-queue")
    expect(queue).to_contain_text("The customer cancelled the day before")
    queue.get_by_label("Uphold the appeal: overturn the sanction").check()
    queue.get_by_label("Reason").fill("The customer's message confirms it.")
    queue.get_by_role("button", name="Decide").click()
    expect(admin.get_by_text("Appeal decided")).to_be_visible()
    expect(admin.locator("#sanctions")).to_contain_text("Overturned on appeal")

    worker.reload()
    expect(worker.locator(f"#score-{company.pk} [data-appeal-status]")).to_contain_text("Upheld")
