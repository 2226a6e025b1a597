"""Who may review which visit and when: a completed, paid visit of one's own, once, within 14 days
of completion, not by the company's staff; a low score needs a reason; the author edits for 48 h."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from shared_apps.changes.models import Change
from shared_apps.core.errors import DomainError
from tenant_apps.orders.models import OrderStatus
from tenant_apps.orders.services import booking
from tenant_apps.people.models import StaffMember, StaffRole
from tenant_apps.reviews.models import Review
from tenant_apps.reviews.selectors import completed_at
from tenant_apps.reviews.services import Scores, edit_review, post_review
from tests.reviews.conftest import finish, paid

GOOD = Scores(quality=5, attitude=4, skill=5, overall=5, text="Spotless windows")


def code_of(call) -> str:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value.code


def test_the_customer_reviews_a_completed_paid_visit_and_the_order_becomes_reviewed(world):
    order = finish(world)

    review = post_review(actor=world.people.customer_a, order=order, scores=GOOD)

    assert (review.overall, review.quality, review.text) == (5, 5, "Spotless windows")
    assert review.service_id == order.service_id and review.worker_id == order.worker_id
    order.refresh_from_db()
    assert order.status == OrderStatus.REVIEWED
    assert order.events.filter(action="review").exists()
    assert Change.objects.filter(action="review.post", target_id=review.pk).exists()


def test_a_visit_not_yet_done_cannot_be_reviewed(world):
    order = paid(world)

    assert code_of(lambda: post_review(actor=world.people.customer_a, order=order, scores=GOOD)) \
        == "review_not_eligible"
    assert not Review.objects.exists()


def test_one_review_per_order(world):
    order = finish(world)
    post_review(actor=world.people.customer_a, order=order, scores=GOOD)

    assert code_of(lambda: post_review(actor=world.people.customer_a, order=order, scores=GOOD)) == "review_exists"
    assert Review.objects.filter(order=order).count() == 1


def test_the_window_closes_fourteen_days_after_completion(world):
    order = finish(world)
    done = completed_at(order)

    assert code_of(lambda: post_review(actor=world.people.customer_a, order=order, scores=GOOD,
                                       now=done + timedelta(days=14, minutes=1))) == "review_window_closed"
    review = post_review(actor=world.people.customer_a, order=order, scores=GOOD, now=done + timedelta(days=13))
    assert review.pk


def test_staff_of_the_company_cannot_review_its_visit(world):
    order = finish(world)
    StaffMember.objects.create(user=world.people.customer_a, role=StaffRole.WORKER, display_name="Cathy")

    assert code_of(lambda: post_review(actor=world.people.customer_a, order=order, scores=GOOD)) \
        == "review_by_staff"
    assert not Review.objects.exists()


def test_someone_else_cannot_review_the_customers_visit(world):
    order = finish(world)

    assert code_of(lambda: post_review(actor=world.people.customer_b, order=order, scores=GOOD)) \
        == "review_not_eligible"


def test_a_low_score_needs_a_reason_and_the_reason_code_is_stored(world):
    order = finish(world)
    low = Scores(quality=2, attitude=3, skill=2, overall=2, text="Late and rushed")

    with pytest.raises(DomainError) as caught:
        post_review(actor=world.people.customer_a, order=order, scores=low)
    assert caught.value.code == "review_reason_required" and "low_reason" in caught.value.fields

    review = post_review(actor=world.people.customer_a, order=order,
                         scores=Scores(**{**low.__dict__, "low_reason": "lateness"}))
    assert Review.objects.get(pk=review.pk).low_reason == "lateness"


def test_a_reason_is_not_kept_for_a_good_score(world):
    order = finish(world)

    review = post_review(actor=world.people.customer_a, order=order,
                         scores=Scores(**{**GOOD.__dict__, "low_reason": "price"}))

    assert review.low_reason == ""


def test_the_author_edits_within_48_hours_then_it_is_locked(world):
    order = finish(world)
    posted = timezone.now()
    review = post_review(actor=world.people.customer_a, order=order, scores=GOOD, now=posted)
    better = Scores(quality=4, attitude=4, skill=4, overall=4, text="Good, one streak left")

    edited = edit_review(actor=world.people.customer_a, review=review, scores=better,
                         now=posted + timedelta(hours=47))
    assert (edited.overall, edited.text) == (4, "Good, one streak left")

    assert code_of(lambda: edit_review(actor=world.people.customer_a, review=review, scores=GOOD,
                                       now=posted + timedelta(hours=48, minutes=1))) == "review_locked"
    assert Review.objects.get(pk=review.pk).overall == 4


def test_only_the_author_edits(world):
    order = finish(world)
    review = post_review(actor=world.people.customer_a, order=order, scores=GOOD)

    assert code_of(lambda: edit_review(actor=world.people.owner_a, review=review, scores=GOOD)) \
        == "review_not_eligible"


def test_an_old_comment_only_review_can_still_be_scored(world):
    order = finish(world)
    booking.review_order(actor=world.people.customer_a, order=order, comment="Nice")  # the old way

    review = post_review(actor=world.people.customer_a, order=order, scores=GOOD)

    order.refresh_from_db()
    assert review.pk and order.status == OrderStatus.REVIEWED
    assert order.events.filter(action="review").count() == 1  # the old comment stays the one event
