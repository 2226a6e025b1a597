"""A worker's credentials: upload, review by two operators, resubmission (issue 18 points 1, 2)."""
import io

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import unique_phone
from tests.e2e.test_order_surfaces import shop  # noqa: F401,F811 (a fixture)
from tests.support import PASSWORD

pytestmark = pytest.mark.e2e

VALID_ID = "11010519491231002X"
BAD_CHECKSUM_ID = "110105194912310021"


def jpeg(colour=(30, 120, 200)) -> dict:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (60, 40), colour).save(out, format="JPEG")
    return {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


def sign_in(live, page, path: str, identifier: str, *, password_link: bool = True) -> None:
    page.goto(live.url(None, path))
    if password_link:
        page.get_by_role("link", name="Password").click()
    page.get_by_label("Mobile number or email").fill(identifier)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_worker_uploads_two_credentials_one_is_rejected_by_two_operators_and_sent_again(live, new_page):
    from shared_apps.accounts.models import ConsoleRole, User

    worker_phone, second_phone = unique_phone(), unique_phone()
    User.objects.create_user(phone=worker_phone, password=PASSWORD, name="Zhao Lei")
    User.objects.create_user(phone=second_phone, password=PASSWORD, name="Oscar Second",
                             console_role=ConsoleRole.SUPERADMIN)
    worker, first, second = new_page(), new_page(), new_page()

    # given: the worker adds an ID card (a typo first) and a health certificate
    sign_in(live, worker, "/worker/login/", worker_phone)
    worker.get_by_role("link", name="Credentials").click()
    expect(worker.get_by_role("heading", name="My credentials")).to_be_visible()
    form = worker.get_by_role("form", name="Add a credential")
    form.get_by_label("Kind of document").select_option(label="ID card")
    form.get_by_label("Name on the document").fill("Zhao Lei")
    form.get_by_label("ID number").fill(BAD_CHECKSUM_ID)
    form.get_by_label("Photo or PDF").set_input_files(jpeg())
    form.get_by_role("button", name="Send for review").click()
    form = worker.get_by_role("form", name="Add a credential")
    expect(form.locator("#number-errors")).to_contain_text("check digit is wrong")
    form.get_by_label("ID number").fill(VALID_ID)
    form.get_by_label("Photo or PDF").set_input_files(jpeg())
    form.get_by_role("button", name="Send for review").click()
    expect(worker.get_by_text("ID card sent for review.")).to_be_visible()
    id_card = worker.locator("[data-credential=id_card]")
    expect(id_card.get_by_test_id("status")).to_have_text("Submitted")
    expect(id_card.get_by_test_id("masked-number")).to_have_text("**************002X")

    form = worker.get_by_role("form", name="Add a credential")
    form.get_by_label("Kind of document").select_option(label="Health certificate")
    form.get_by_label("Issued by").fill("Chaoyang CDC")
    form.get_by_label("Valid until").fill("2031-06-30")
    form.get_by_label("Photo or PDF").set_input_files(jpeg((250, 250, 250)))
    form.get_by_role("button", name="Send for review").click()
    expect(worker.get_by_text("Health certificate sent for review.")).to_be_visible()

    # when: one operator approves the ID card and proposes to reject the health certificate
    sign_in(live, first, "/console/login/", "ops@doorstep.example", password_link=False)
    first.get_by_role("link", name="Review queue").click()
    rows = first.locator(f"#review-queue tr[data-worker='{worker_phone}']")
    expect(rows).to_have_count(2)
    id_row = first.locator(f"#review-queue tr[data-worker='{worker_phone}'][data-kind=id_card]")
    expect(id_row).to_contain_text("Name matches")
    id_row.get_by_role("button", name="Approve").click()
    expect(first.get_by_text("Approved.")).to_be_visible()
    health_row = first.locator(f"#review-queue tr[data-worker='{worker_phone}'][data-kind=health]")
    health_row.get_by_label("Reason").select_option(label="The photo is blurred or unreadable")
    health_row.get_by_placeholder("Note for the worker (optional)").fill("Only a white page came through")
    health_row.get_by_role("button", name="Propose rejection").click()
    expect(first.get_by_text("Rejection proposed: another operator must confirm it.")).to_be_visible()
    expect(health_row.get_by_test_id("proposal")).to_contain_text("Rejection proposed by Olga Operator")
    expect(health_row).to_contain_text("Waiting for a second operator.")
    expect(health_row.get_by_role("button", name="Confirm rejection")).to_have_count(0)

    worker.reload()  # not yet rejected: one operator alone cannot
    expect(worker.locator("[data-credential=health]").get_by_test_id("status")).to_have_text("Submitted")

    # and: a second operator confirms it
    sign_in(live, second, "/console/login/", second_phone, password_link=False)
    second.goto(live.url(None, "/console/credentials/"))
    health_row = second.locator(f"#review-queue tr[data-worker='{worker_phone}'][data-kind=health]")
    health_row.get_by_role("button", name="Confirm rejection").click()
    expect(second.get_by_text("Rejection confirmed.")).to_be_visible()
    expect(second.locator(f"#review-queue tr[data-worker='{worker_phone}']")).to_have_count(0)

    # then: the worker sees the approval and the reason, and sends the certificate again
    worker.reload()
    expect(worker.locator("[data-credential=id_card]").get_by_test_id("status")).to_have_text("Approved")
    health = worker.locator("[data-credential=health]")
    expect(health.get_by_test_id("status")).to_have_text("Rejected")
    expect(health.get_by_test_id("reason")).to_contain_text("The photo is blurred or unreadable")
    expect(health.get_by_test_id("reason")).to_contain_text("Only a white page came through")
    health.get_by_text("Send again").click()
    resend = health.get_by_role("form", name="Send again")
    resend.get_by_label("New photo or PDF").set_input_files(jpeg((20, 160, 60)))
    resend.get_by_role("button", name="Send for review").click()
    expect(worker.get_by_text("Health certificate sent for review again.")).to_be_visible()
    expect(worker.locator("[data-credential=health]").get_by_test_id("status")).to_have_text("Submitted")
    first.reload()
    expect(first.locator(f"#review-queue tr[data-worker='{worker_phone}'][data-kind=health]")).to_have_count(1)


def test_the_customer_sees_the_workers_badges_once_the_worker_has_accepted(live, new_page, shop):  # noqa: F811
    from django_tenants.utils import schema_context

    from shared_apps.accounts.models import User
    from shared_apps.credentials.services import CredentialInput, Document, approve_credential, submit_credential
    from tenant_apps.orders.services import lifecycle
    from tests.e2e.test_order_surfaces import _book
    from tests.e2e.test_order_surfaces import sign_in as sign_in_here
    from tests.support import People

    mo = User.objects.get(phone=shop.worker_phones[1])
    operator = User.objects.get(email="ops@doorstep.example")
    photo = Document(data=jpeg()["buffer"], content_type="image/jpeg", suffix=".jpg")
    card = submit_credential(actor=mo, data=CredentialInput(kind="id_card", documents=[photo], number=VALID_ID,
                                                            name_on_document="Mo Worker"))
    approve_credential(actor=operator, credential_id=card.pk)
    order = _book(shop, workers=(shop.workers[1].pk,))  # assigned to Mo, not yet accepted

    customer = new_page()
    customer.goto(live.url(shop.slug, f"/orders/{order.pk}/"))
    sign_in_here(customer, People.PHONES["customer_a"])
    expect(customer.locator("#purchase-variant")).to_have_text("Hourly")
    expect(customer.locator("[data-badge]")).to_have_count(0)  # nobody has accepted yet

    with schema_context(shop.schema_name):
        order.refresh_from_db()
        lifecycle.accept_task(actor=mo, worker=shop.workers[1], order=order)
    customer.reload()
    expect(customer.locator("#order-worker")).to_contain_text("Mo")
    expect(customer.locator("[data-badge=id_verified]")).to_have_text("✓ ID verified")
    expect(customer.locator("[data-badge=certified]")).to_have_count(0)  # no approved skill certificate


def test_the_worker_shares_a_credential_the_office_opens_it_and_the_worker_sees_who_looked(live, new_page, world):
    from django_tenants.utils import schema_context

    from shared_apps.credentials.models import Credential
    from shared_apps.credentials.services import CredentialInput, Document, submit_credential
    from tenant_apps.people.models import StaffMember
    from tests.support import People

    photo = Document(data=jpeg()["buffer"], content_type="image/jpeg", suffix=".jpg")
    credential = submit_credential(actor=world.shared_worker, data=CredentialInput(
        kind="skill", title="Electrician's operating certificate", issuer="Emergency Management Bureau",
        documents=[photo]))
    with schema_context(world.company_a.schema_name):
        member_id = StaffMember.objects.get(user=world.shared_worker).pk
    try:
        worker, office = new_page(), new_page()
        sign_in(live, worker, "/worker/login/", People.PHONES["shared_worker"])
        worker.goto(live.url(None, "/worker/credentials/"))
        card = worker.locator(f"#credential-{credential.pk}")
        card.get_by_role("button", name="Share with Alpha Cleaning").click()
        expect(worker.get_by_text("Shared.")).to_be_visible()
        expect(card.get_by_role("button", name="Stop sharing with Alpha Cleaning")).to_be_visible()
        expect(card.get_by_role("button", name="Share with Bravo Repairs")).to_be_visible()
        expect(worker.get_by_text("No company has opened your credentials.")).to_be_visible()

        office.goto(live.url("alpha", f"/office/workers/{member_id}/"))
        office.get_by_role("link", name="Password").click()
        office.get_by_label("Mobile number or email").fill(People.PHONES["dispatcher_a"])
        office.get_by_label("Password").fill(PASSWORD)
        office.get_by_role("button", name="Sign in").click()
        shared = office.locator("#shared-credentials")
        expect(shared).to_contain_text("Electrician's operating certificate")
        expect(shared).not_to_contain_text("Emergency Management Bureau")
        shared.get_by_role("button", name="Open").click()
        expect(office.locator("#credential")).to_contain_text("Emergency Management Bureau")
        with office.expect_popup() as popup:
            office.get_by_role("link", name="File 1").click()
        assert popup.value.url.startswith(live.url(None, "/files/"))

        worker.reload()
        expect(worker.locator("#credential-views")).to_contain_text("Dina Dispatcher")
        expect(worker.locator("#credential-views")).to_contain_text("Alpha Cleaning")

        # the worker stops sharing: the office no longer lists it
        worker.locator(f"#credential-{credential.pk}").get_by_role(
            "button", name="Stop sharing with Alpha Cleaning").click()
        expect(worker.get_by_text("No longer shared.")).to_be_visible()
        office.goto(live.url("alpha", f"/office/workers/{member_id}/"))
        expect(office.locator("#shared-credentials")).to_contain_text(
            "This worker has not shared any credentials with you.")
    finally:
        Credential.objects.filter(pk=credential.pk).delete()


def test_a_worker_consents_to_a_background_check_follows_it_and_the_customer_sees_the_badge(
        live, new_page, shop, settings):  # noqa: F811
    from django_tenants.utils import schema_context

    from shared_apps.accounts.models import User
    from shared_apps.core.actor import SYSTEM
    from shared_apps.credentials.background_checks import sweep_background_checks
    from shared_apps.credentials.models import BackgroundCheck
    from tenant_apps.orders.services import lifecycle
    from tests.e2e.test_order_surfaces import _book
    from tests.e2e.test_order_surfaces import sign_in as sign_in_here
    from tests.support import People

    mo = User.objects.get(phone=shop.worker_phones[1])
    try:
        # given: the worker on their credentials page, without a check
        worker = new_page()
        sign_in(live, worker, "/worker/login/", shop.worker_phones[1])
        worker.get_by_role("link", name="Credentials").click()
        expect(worker.locator("[data-badge=background_checked]")).to_have_count(0)
        check = worker.locator("#background-check")
        consent = check.get_by_role("form", name="Background check consent")

        # when: they ask without ticking the consent, then with it
        consent.get_by_role("button", name="Request a background check").click()
        expect(worker.locator("#consent-errors")).to_contain_text("Tick the box to consent")
        assert not BackgroundCheck.objects.filter(worker=mo).exists()
        consent = worker.get_by_role("form", name="Background check consent")
        consent.get_by_label("I consent to this background check").check()
        consent.get_by_role("button", name="Request a background check").click()
        expect(worker.get_by_text("Thank you: your background check is requested.")).to_be_visible()
        expect(worker.get_by_role("button", name="Request a background check")).to_have_count(0)

        # then: the provider takes it (the Celery worker hands it over) and it shows in progress
        for _ in range(20):
            if BackgroundCheck.objects.filter(worker=mo, status="in_progress").exists():
                break
            worker.wait_for_timeout(500)
        worker.reload()
        expect(check.get_by_test_id("check-status")).to_have_text("✓ In progress")
        expect(check.get_by_test_id("check-reference")).to_contain_text("SBX-BG-")

        # when: the sandbox provider finishes and the beat sweep collects the result
        settings.BACKGROUND_CHECK_SANDBOX_SECONDS = 0
        sweep_background_checks(actor=SYSTEM)
        worker.reload()
        expect(check.get_by_test_id("check-status")).to_have_text("✓ Done")
        expect(check.get_by_test_id("check-result")).to_have_text("Pass")
        expect(worker.locator("#my-badges [data-badge=background_checked]")).to_have_text("✓ Background checked")

        # and: the customer sees the badge once Mo has accepted their order
        order = _book(shop, workers=(shop.workers[1].pk,))
        with schema_context(shop.schema_name):
            lifecycle.accept_task(actor=mo, worker=shop.workers[1], order=order)
        customer = new_page()
        customer.goto(live.url(shop.slug, f"/orders/{order.pk}/"))
        sign_in_here(customer, People.PHONES["customer_a"])
        expect(customer.locator("[data-badge=background_checked]")).to_have_text("✓ Background checked")
    finally:
        BackgroundCheck.objects.filter(worker=mo).delete()


def test_a_worker_disputes_a_failed_check_and_an_operator_upholds_it_as_a_pass(live, new_page, settings):
    from shared_apps.accounts.models import User
    from shared_apps.core.actor import SYSTEM
    from shared_apps.credentials.background_checks import (
        refresh_background_check,
        request_background_check,
        submit_background_check,
    )

    # given: a worker whose background check came back "fail"
    phone = unique_phone()
    person = User.objects.create_user(phone=phone, password=PASSWORD, name="Qian Hao")
    settings.BACKGROUND_CHECK_SANDBOX_OUTCOME, settings.BACKGROUND_CHECK_SANDBOX_SECONDS = "fail", 0
    check = request_background_check(actor=person, consent=True)
    submit_background_check(actor=SYSTEM, check_id=check.pk)
    refresh_background_check(actor=SYSTEM, check_id=check.pk)
    worker, operator = new_page(), new_page()
    sign_in(live, worker, "/worker/login/", phone)
    worker.goto(live.url(None, "/worker/credentials/"))
    section = worker.locator("#background-check")
    expect(section.get_by_test_id("check-result")).to_have_text("Fail")

    # when: the worker disputes it (an empty statement first)
    section.get_by_text("Dispute this result").click()
    form = section.get_by_role("form", name="Dispute this result")
    form.get_by_label("Why is the result wrong?").fill("   ")
    form.get_by_role("button", name="Send the dispute").click()
    expect(worker.locator("#statement-errors")).to_be_visible()
    form = worker.locator("#background-check").get_by_role("form", name="Dispute this result")
    form.get_by_label("Why is the result wrong?").fill("The record belongs to another Qian Hao.")
    form.get_by_role("button", name="Send the dispute").click()
    expect(worker.get_by_text("Your dispute was sent. An operator will review it.")).to_be_visible()
    expect(worker.get_by_test_id("dispute")).to_contain_text("Under review")

    # and: an operator marks it pass, first forgetting the note
    sign_in(live, operator, "/console/login/", "ops@doorstep.example", password_link=False)
    operator.get_by_role("link", name="Background checks").click()
    row = operator.locator(f"#check-disputes tr[data-worker='{phone}']")
    expect(row).to_contain_text("The record belongs to another Qian Hao.")
    row.get_by_role("button", name="Uphold: mark as pass").click()
    expect(operator.get_by_text("Write a note saying why.")).to_be_visible()
    row = operator.locator(f"#check-disputes tr[data-worker='{phone}']")
    row.get_by_label("Note").fill("Court record is of a namesake")
    row.get_by_role("button", name="Uphold: mark as pass").click()
    expect(operator.get_by_text("Marked as pass.")).to_be_visible()
    expect(operator.locator(f"#check-disputes tr[data-worker='{phone}']")).to_have_count(0)

    # then: the worker sees the pass, the note and the badge
    worker.reload()
    section = worker.locator("#background-check")
    expect(section.get_by_test_id("check-result")).to_have_text("Pass")
    expect(section).to_contain_text("Court record is of a namesake")
    expect(worker.get_by_test_id("dispute")).to_contain_text("Upheld: marked as pass")
    expect(worker.locator("#my-badges [data-badge=background_checked]")).to_be_visible()
