"""Reviews in the browser: the customer reviews a finished visit from its order page with a photo (a
small PNG made here), sees the review and the photo on the service page; someone signed in reports
it; the office replies from its Reviews page and hides the reported review with a policy reason; the
service page no longer shows it, and its author sees why. A company of the test's own."""
from __future__ import annotations

import io

import pytest
from django_tenants.utils import schema_context
from PIL import Image
from playwright.sync_api import expect

from tests.e2e.companies import company_with_a_finished_visit
from tests.e2e.conftest import forget_notifications
from tests.e2e.test_orders import sign_in_with_password
from tests.support import People

pytestmark = pytest.mark.e2e


@pytest.fixture
def finished(world):
    """A company of its own, its worker, and one paid order of customer_a completed by the worker."""
    from tenant_apps.reviews.models import ReviewPhoto

    made = company_with_a_finished_visit(world, name="Review Cleaning", slug="rev", owner_name="Rita Owner")
    company, owner_phone, service, order, worker_phone = (made.company, made.owner_phone, made.service, made.order,
                                                          made.worker_phone)
    yield company, owner_phone, service, order, worker_phone
    with schema_context(company.schema_name):
        for photo in ReviewPhoto.objects.all():
            photo.image.delete(save=False)
    forget_notifications(company)


def small_png(path) -> str:
    image = io.BytesIO()
    Image.new("RGB", (24, 16), "teal").save(image, "PNG")
    path.write_bytes(image.getvalue())
    return str(path)


def shown_width(page, image) -> int:
    """The photo's width once the browser has loaded it (scrolled to: the service page loads lazily)."""
    image.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    return image.evaluate("img => img.naturalWidth")


def test_a_customer_reviews_with_a_photo_and_the_office_replies_and_hides_it_when_reported(
        live, new_page, finished, tmp_path):
    company, owner_phone, service, order, _worker_phone = finished

    # given: the customer on the finished order's page
    customer = new_page()
    customer.goto(live.url(company.slug, "/login/"))
    sign_in_with_password(customer, People.PHONES["customer_a"])
    customer.goto(live.url(company.slug, f"/orders/{order.pk}/"))
    customer.get_by_role("link", name="Review this visit").click()

    # when: a low score without a reason is refused on the field, then the review is posted with a photo
    customer.get_by_label("Overall").select_option("2")
    customer.get_by_label("Quality").select_option("3")
    customer.get_by_label("Attitude").select_option("4")
    customer.get_by_label("Skill").select_option("3")
    customer.get_by_label("Your words").fill("Streaks on two windows; visit www.cheap-clean.example")
    customer.get_by_role("button", name="Post review").click()
    expect(customer.locator("#low_reason-errors")).to_contain_text("A reason is required")
    customer.get_by_label("What went wrong?").select_option("quality")
    customer.get_by_label("Photos").set_input_files(small_png(tmp_path / "streaks.png"))
    customer.get_by_role("button", name="Post review").click()

    # then: the review is posted with its photo, and the service page shows it with the scores
    expect(customer.get_by_role("status").first).to_contain_text("your review is posted")
    photo = customer.locator("#my-review img")
    expect(photo).to_have_count(1)
    assert shown_width(customer, photo) == 24
    customer.goto(live.url(company.slug, f"/services/{service.pk}/"))
    expect(customer.locator("#review-summary")).to_contain_text("2.0/5")
    review = customer.locator("#review-list li").first
    expect(review).to_contain_text("Streaks on two windows")
    expect(review).to_contain_text("Quality of the work")
    assert shown_width(customer, review.locator("img")) == 24

    # when: another signed-in person reports it as spam
    reporter = new_page()
    reporter.goto(live.url(company.slug, "/login/"))
    sign_in_with_password(reporter, People.PHONES["customer_b"])
    reporter.goto(live.url(company.slug, f"/services/{service.pk}/"))
    reporter.get_by_text("Report this review").click()
    reporter.get_by_label("Report reason").select_option("spam")
    reporter.get_by_role("button", name="Send report").click()
    expect(reporter.get_by_role("status").first).to_contain_text("a moderator will look at this review")

    # and the owner replies and hides it from the office's Reviews page
    office = new_page()
    office.goto(live.url(company.slug, "/office/login/"))
    sign_in_with_password(office, owner_phone)
    office.goto(live.url(company.slug, "/office/"))
    office.get_by_role("link", name="Reviews").first.click()
    expect(office.locator("#moderation-queue")).to_contain_text("1 open report")
    card = office.locator("#office-reviews article").first
    card.get_by_label("Public reply").fill("Sorry about the streaks; we will come back for free.")
    card.get_by_role("button", name="Publish reply").click()
    expect(office.get_by_role("status").first).to_contain_text("Your reply is published")
    card = office.locator("#office-reviews article").first
    card.get_by_text("Hide this review").click()
    card.get_by_role("button", name="Hide review").click()
    expect(card.get_by_text("This field is required.")).to_be_visible()
    card = office.locator("#office-reviews article").first
    card.get_by_label("Policy broken").select_option("spam")
    card.get_by_label("Note").fill("Advertises another company")
    card.get_by_role("button", name="Hide review").click()

    # then: the office sees who hid it and why, the queue is empty, the service page no longer shows it
    expect(office.get_by_role("status").first).to_contain_text("The review is hidden")
    expect(office.locator("[data-hidden]")).to_contain_text("Spam or advertising")
    expect(office.locator("[data-hidden]")).to_contain_text("Rita Owner")
    expect(office.locator("#queue-empty")).to_be_visible()
    visitor = new_page()
    visitor.goto(live.url(company.slug, f"/services/{service.pk}/"))
    expect(visitor.locator("#no-reviews")).to_be_visible()
    expect(visitor.get_by_text("Streaks on two windows")).to_have_count(0)
    # and the author still sees their review, the reason it was hidden and the company's reply
    customer.goto(live.url(company.slug, f"/orders/{order.pk}/visit-review/"))
    expect(customer.locator("#review-hidden")).to_contain_text("Spam or advertising")
    expect(customer.locator("#my-review")).to_contain_text("we will come back for free")


def test_the_worker_rates_the_customer_privately_and_the_office_reads_it(live, new_page, finished):
    company, owner_phone, _service, order, worker_phone = finished

    # given: the worker in the app, on the finished task
    worker = new_page()
    worker.goto(live.url(None, "/worker/login/"))
    sign_in_with_password(worker, worker_phone)
    worker.goto(live.url(None, f"/worker/tasks/{company.pk}/{order.pk}/"))
    worker.get_by_role("link", name="Rate the customer (private)").click()
    expect(worker.get_by_text("only the company's office sees this, never the customer")).to_be_visible()

    # when: a score is missing, the form says so; then the rating is sent
    worker.get_by_label("Safety").select_option("5")
    worker.get_by_role("button", name="Send rating").click()
    expect(worker.locator("#address_accuracy-errors")).to_be_visible()
    worker.get_by_label("Address accuracy").select_option("2")
    worker.get_by_label("Safety").select_option("5")
    worker.get_by_label("Private note").fill("The gate code on the order was wrong")
    worker.get_by_role("button", name="Send rating").click()

    # then: the worker sees it recorded, the office reads it on its Reviews page, the customer never does
    expect(worker.locator("#customer-rating")).to_contain_text("2/5")
    office = new_page()
    office.goto(live.url(company.slug, "/office/login/"))
    sign_in_with_password(office, owner_phone)
    office.goto(live.url(company.slug, "/office/reviews/"))
    expect(office.locator("#customer-ratings")).to_contain_text("The gate code on the order was wrong")
    customer = new_page()
    customer.goto(live.url(company.slug, "/login/"))
    sign_in_with_password(customer, People.PHONES["customer_a"])
    customer.goto(live.url(company.slug, f"/orders/{order.pk}/"))
    expect(customer.get_by_text("The gate code on the order was wrong")).to_have_count(0)
