"""The review pages with Django's test client: "Review this visit" on the order page, the form with
its errors, the service page's scores and reviews, the office's Reviews page (reply, hide with a
policy, the queue) and the worker app's private rating of the customer."""
from __future__ import annotations

import pytest
from django.test import Client

from tenant_apps.reviews.models import CustomerRating, Review, ReviewReport
from tenant_apps.reviews.services import Scores, post_review
from tests.reviews.conftest import finish, image_bytes
from tests.workforce.builders import enter

FORM = {"overall": "5", "quality": "5", "attitude": "4", "skill": "5", "text": "Sparkling"}


def text(response) -> str:
    return response.content.decode()


def client_of(company, user=None) -> Client:
    client = Client(HTTP_HOST="localhost" if company is None else f"{company.slug}.localhost")
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_the_customer_reviews_from_the_order_page_and_a_low_score_asks_for_a_reason(world, media):
    order = finish(world)
    client = client_of(world.company, world.people.customer_a)
    assert "Review this visit" in text(client.get(f"/orders/{order.pk}/"))
    url = f"/orders/{order.pk}/visit-review/"

    low = client.post(url, {**FORM, "overall": "1"})
    assert low.status_code == 400 and "A reason is required for an overall score of 2 or less." in text(low)

    posted = client.post(url, {**FORM, "photos": [image_bytes()]}, follow=True)
    assert "Thank you: your review is posted." in text(posted) and "Sparkling" in text(posted)
    assert "/review-photos/" in text(posted)
    enter(world.company)
    assert Review.objects.get(order=order).photos.count() == 1
    assert "Your review of this visit" in text(client.get(f"/orders/{order.pk}/"))
    service_page = text(client_of(world.company).get(f"/services/{order.service_id}/"))
    assert "Sparkling" in service_page and "5.0/5" in service_page


def test_a_visit_not_done_shows_why_it_cannot_be_reviewed(world):
    from tests.reviews.conftest import paid

    order = paid(world)
    client = client_of(world.company, world.people.customer_a)

    assert "Review this visit" not in text(client.get(f"/orders/{order.pk}/"))
    page = text(client.get(f"/orders/{order.pk}/visit-review/"))
    assert "Only a completed and paid visit can be reviewed." in page and "visit-review-form" not in page
    assert client.post(f"/orders/{order.pk}/visit-review/", FORM).status_code == 400
    enter(world.company)
    assert not Review.objects.exists()


def test_another_customer_gets_404_on_the_review_page(world):
    order = finish(world)

    assert client_of(world.company, world.people.customer_b).get(f"/orders/{order.pk}/visit-review/").status_code \
        == 404


def test_the_office_replies_and_hides_a_reported_review_and_its_author_sees_why(world):
    order = finish(world)
    review = post_review(actor=world.people.customer_a, order=order,
                         scores=Scores(quality=1, attitude=1, skill=1, overall=1, text="Call 138 for a better deal",
                                       low_reason="price"))
    reporter = client_of(world.company, world.people.customer_b)
    reported = reporter.post(f"/reviews/{review.pk}/report/", {f"r{review.pk}-reason": "spam"}, follow=True)
    assert "a moderator will look at this review" in text(reported)
    office = client_of(world.company, world.people.owner_a)

    page = text(office.get("/office/reviews/"))
    assert f'data-queued="{review.pk}"' in page and "Call 138" in page
    office.post(f"/office/reviews/{review.pk}/reply/", {f"reply{review.pk}-text": "We are sorry"})
    refused = office.post(f"/office/reviews/{review.pk}/hide/", {f"hide{review.pk}-note": "ad"})
    assert refused.status_code == 400 and "This field is required." in text(refused)
    hidden = office.post(f"/office/reviews/{review.pk}/hide/", {f"hide{review.pk}-reason": "spam",
                                                                 f"hide{review.pk}-note": "Advert"}, follow=True)

    assert "The review is hidden" in text(hidden) and "No reports are waiting." in text(hidden)
    assert "Call 138" not in text(client_of(world.company).get(f"/services/{order.service_id}/"))
    mine = text(client_of(world.company, world.people.customer_a).get(f"/orders/{order.pk}/visit-review/"))
    assert "A moderator hid this review from the service page: Spam or advertising." in mine
    assert "We are sorry" in mine
    enter(world.company)
    assert ReviewReport.objects.get(review=review).status == "upheld"
    assert Review.objects.get(pk=review.pk).hidden_by == world.people.owner_a


def test_a_dispatcher_sees_the_reviews_page_but_cannot_hide(world):
    order = finish(world)
    review = post_review(actor=world.people.customer_a, order=order,
                         scores=Scores(quality=5, attitude=5, skill=5, overall=5))
    dispatcher = client_of(world.company, world.people.dispatcher_a)

    assert "Hide this review" not in text(dispatcher.get("/office/reviews/"))
    assert dispatcher.post(f"/office/reviews/{review.pk}/hide/", {f"hide{review.pk}-reason": "spam"}).status_code \
        == 403
    assert client_of(world.company, world.people.customer_a).get("/office/reviews/").status_code == 403


def test_the_worker_rates_the_customer_in_the_app_and_only_the_office_sees_it(world):
    order = finish(world)
    worker = client_of(None, order.worker.staff_member.user)
    task = f"/worker/tasks/{world.company.pk}/{order.pk}/"
    assert "Rate the customer (private)" in text(worker.get(task))

    wrong = worker.post(task + "rate-customer/", {"address_accuracy": "", "safety": "4"})
    assert wrong.status_code == 400
    done = worker.post(task + "rate-customer/", {"address_accuracy": "2", "safety": "4", "note": "Wrong gate"},
                       follow=True)

    assert "the office has your rating" in text(done)
    assert "Wrong gate" in text(client_of(world.company, world.people.owner_a).get("/office/reviews/"))
    assert "Wrong gate" not in text(client_of(world.company, world.people.customer_a).get(f"/orders/{order.pk}/"))
    enter(world.company)
    assert CustomerRating.objects.get(order=order).address_accuracy == 2
