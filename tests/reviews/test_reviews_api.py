"""The reviews API: the customer posts with photos (cleaned of EXIF, type checked from the bytes),
edits; the office replies once, moderators hide for a policy reason with an audit trail; the public
list shows only visible reviews; another company sees nothing; the worker rates the customer."""
from __future__ import annotations

import io

import pytest
from django_tenants.utils import schema_context
from PIL import Image

from shared_apps.changes.models import Change
from shared_apps.notifications.models import Outbox
from tenant_apps.reviews.models import CustomerRating, ModerationEntry, Review, ReviewPhoto, ReviewReport
from tenant_apps.reviews.services import Scores, post_review
from tests.reviews.conftest import finish, image_bytes

BODY = {"quality": 5, "attitude": 5, "skill": 4, "overall": 5, "text": "Great job"}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def done(world, client_for):
    """A completed visit of customer_a and the customer's API client on company A's host."""
    return finish(world), client_for(world.company, world.people.customer_a)


def _posted(world, order, **extra):
    return post_review(actor=world.people.customer_a, order=order, scores=Scores(**{**BODY, **extra}))


def test_a_review_with_a_photo_is_stored_without_its_exif(world, done, media):
    order, customer = done
    photo = image_bytes(name="me.jpg", exif=True)
    assert b"SERIAL-12345" in photo.getvalue() and Image.open(photo).getexif()  # what the phone sent
    photo.seek(0)

    response = customer.post("/api/v1/reviews/", {**BODY, "order_id": order.pk, "photos": [photo]},
                             format="multipart")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["overall"] == 5 and len(body["photos"]) == 1 and body["status"] == "visible"
    with schema_context(world.company.schema_name):
        photo = ReviewPhoto.objects.get(review_id=body["id"])
        with photo.image.open("rb") as handle:
            stored = handle.read()
    assert b"SERIAL-12345" not in stored and b"PhoneMaker" not in stored
    image = Image.open(io.BytesIO(stored))
    assert image.format == "JPEG" and not image.getexif()


def test_a_file_that_is_not_an_image_is_refused_on_the_photos_field(world, done, media):
    order, customer = done
    fake = io.BytesIO(b"<?php echo 'not a picture'; ?>" * 10)
    fake.name = "innocent.png"

    response = customer.post("/api/v1/reviews/", {**BODY, "order_id": order.pk, "photos": [fake]},
                             format="multipart")

    assert response.status_code == 400 and "photos" in str(response.json()["fields"])
    with schema_context(world.company.schema_name):
        assert not Review.objects.exists()


def test_more_than_six_photos_are_refused(world, done, media):
    order, customer = done

    response = customer.post("/api/v1/reviews/", {**BODY, "order_id": order.pk,
                                                  "photos": [image_bytes() for _ in range(7)]}, format="multipart")

    assert response.status_code == 400 and "photos" in response.json()["fields"]


def test_a_low_score_without_a_reason_is_a_400_on_the_field(done):
    order, customer = done

    response = customer.post("/api/v1/reviews/", {**BODY, "overall": 1, "order_id": order.pk})

    assert response.status_code == 400
    assert response.json()["code"] == "review_reason_required" and "low_reason" in response.json()["fields"]


def test_the_author_edits_through_the_api_and_nobody_else_finds_it(world, done, client_for):
    order, customer = done
    review_id = customer.post("/api/v1/reviews/", {**BODY, "order_id": order.pk}).json()["id"]

    changed = customer.put(f"/api/v1/reviews/{review_id}/", {**BODY, "overall": 4, "text": "Good"})
    assert changed.status_code == 200 and changed.json()["overall"] == 4

    other = client_for(world.company, world.people.customer_b)
    assert other.put(f"/api/v1/reviews/{review_id}/", BODY).status_code == 404
    assert customer.get("/api/v1/reviews/null,null/").status_code == 404


def test_the_office_replies_once_and_the_author_is_told(world, done, client_for):
    order, _customer = done
    with schema_context(world.company.schema_name):
        review = _posted(world, order)
    office = client_for(world.company, world.people.owner_a)

    first = office.post(f"/api/v1/office/reviews/{review.pk}/reply/", {"text": "Thank you, see you soon"})
    again = office.post(f"/api/v1/office/reviews/{review.pk}/reply/", {"text": "Another"})

    assert first.status_code == 200 and first.json()["reply"] == "Thank you, see you soon"
    assert again.status_code == 409 and again.json()["code"] == "review_already_replied"
    assert Outbox.objects.filter(user_id=world.people.customer_a.pk, kind="review.replied").count() == 1
    public = client_for(world.company).get(f"/api/v1/catalog/services/{order.service_id}/reviews/").json()
    assert public["reviews"][0]["reply"] == "Thank you, see you soon"


def test_a_reported_review_is_hidden_with_a_reason_recorded_and_never_deleted(world, done, client_for):
    order, customer = done
    with schema_context(world.company.schema_name):
        review = _posted(world, order, text="Call me on 13800000000, I sell cheaper")
    reporter = client_for(world.company, world.people.customer_b)
    public = client_for(world.company)
    url = f"/api/v1/catalog/services/{order.service_id}/reviews/"
    assert public.get(url).json()["summary"]["count"] == 1

    # when: someone reports it, twice (the second is refused), and a moderator hides it
    assert reporter.post(f"/api/v1/reviews/{review.pk}/report/", {"reason": "spam"}).status_code == 201
    assert reporter.post(f"/api/v1/reviews/{review.pk}/report/", {"reason": "spam"}).status_code == 409
    office = client_for(world.company, world.people.owner_a)
    queue = office.get("/api/v1/office/reviews/", {"reported": True}).json()
    assert [r["id"] for r in queue] == [review.pk] and queue[0]["open_reports"] == 1
    no_reason = office.post(f"/api/v1/office/reviews/{review.pk}/hide/", {"note": "spam"})
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["fields"]
    hidden = office.post(f"/api/v1/office/reviews/{review.pk}/hide/", {"reason": "spam", "note": "Advert"})

    # then: gone from the service page, still there for its author with the reason, and the trail says who
    assert hidden.status_code == 200 and hidden.json()["status"] == "hidden"
    listing = public.get(url).json()
    assert listing["summary"]["count"] == 0 and listing["reviews"] == []
    mine = customer.get("/api/v1/reviews/").json()
    assert mine[0]["status"] == "hidden" and mine[0]["hidden_reason"] == "spam"
    with schema_context(world.company.schema_name):
        assert Review.objects.filter(pk=review.pk).exists()
        entry = ModerationEntry.objects.get(review=review)
        assert (entry.action, entry.actor_id, entry.reason, entry.note) == ("hide", world.people.owner_a.pk, "spam",
                                                                           "Advert")
        assert entry.created_at is not None
        assert ReviewReport.objects.get(review=review).status == "upheld"
        assert Change.objects.filter(action="review.hide", target_id=review.pk, reason="spam").exists()
    assert office.get("/api/v1/office/reviews/", {"reported": True}).json() == []


def test_a_dispatcher_replies_but_cannot_hide_and_a_customer_reaches_no_office_endpoint(world, done, client_for):
    order, customer = done
    with schema_context(world.company.schema_name):
        review = _posted(world, order)
    dispatcher = client_for(world.company, world.people.dispatcher_a)

    assert dispatcher.post(f"/api/v1/office/reviews/{review.pk}/hide/", {"reason": "spam"}).status_code == 403
    assert dispatcher.post(f"/api/v1/office/reviews/{review.pk}/reply/", {"text": "Thanks"}).status_code == 200
    assert customer.get("/api/v1/office/reviews/").status_code == 403
    assert customer.get("/api/v1/office/customer-ratings/").status_code == 403


def test_another_company_sees_none_of_the_reviews(world, done, client_for, people):
    order, _customer = done
    with schema_context(world.company.schema_name):
        review = _posted(world, order)
    office_b = client_for(people.company_b, people.owner_b)

    assert office_b.get("/api/v1/office/reviews/").json() == []
    assert office_b.post(f"/api/v1/office/reviews/{review.pk}/reply/", {"text": "Hi"}).status_code == 404
    assert office_b.post(f"/api/v1/office/reviews/{review.pk}/hide/", {"reason": "spam"}).status_code == 404
    mine_at_b = client_for(people.company_b, people.customer_a).get("/api/v1/reviews/")
    assert mine_at_b.status_code == 200 and mine_at_b.json() == []
    # the customer's review of company A cannot be posted through company B's host either
    again = client_for(people.company_b, people.customer_a).post("/api/v1/reviews/", {**BODY, "order_id": order.pk})
    assert again.status_code == 404


def test_the_worker_rates_the_customer_privately_after_the_task(world, done, client_for):
    order, customer = done
    worker_user = order.worker.staff_member.user
    app = client_for(None, worker_user)
    url = f"/api/v1/worker/companies/{world.company.pk}/tasks/{order.pk}/customer-rating/"

    assert app.post(url, {"address_accuracy": 6, "safety": 5}).status_code == 400
    made = app.post(url, {"address_accuracy": 2, "safety": 5, "note": "Gate code was wrong"})
    again = app.post(url, {"address_accuracy": 3, "safety": 5})

    assert made.status_code == 201 and again.status_code == 409
    office = client_for(world.company, world.people.owner_a).get("/api/v1/office/customer-ratings/").json()
    assert [(r["order_id"], r["address_accuracy"], r["note"]) for r in office] == [(order.pk, 2, "Gate code was wrong")]
    other_worker = client_for(None, world.worker2.staff_member.user if order.worker_id == world.worker1.pk
                              else world.worker1.staff_member.user)
    assert other_worker.post(url, {"address_accuracy": 1, "safety": 1}).status_code == 404
    assert "Gate code" not in str(customer.get(f"/api/v1/orders/{order.pk}/").json())
    with schema_context(world.company.schema_name):
        assert CustomerRating.objects.count() == 1


def test_a_task_not_finished_cannot_be_rated(world, client_for):
    from tests.reviews.conftest import paid

    order = paid(world)
    app = client_for(None, order.worker.staff_member.user)

    response = app.post(f"/api/v1/worker/companies/{world.company.pk}/tasks/{order.pk}/customer-rating/",
                        {"address_accuracy": 3, "safety": 3})

    assert response.status_code == 409 and response.json()["code"] == "customer_rating_not_finished"
