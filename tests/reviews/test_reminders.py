"""The beat job reminds the customer of an unreviewed visit on day 3 and day 10 after completion,
once each, through the notifications outbox; a reviewed visit or a closed window gets none."""
from __future__ import annotations

from datetime import timedelta

from shared_apps.core.actor import SYSTEM
from shared_apps.notifications.messages import render
from shared_apps.notifications.models import Outbox
from tenant_apps.reviews.selectors import completed_at
from tenant_apps.reviews.services import Scores, post_review, send_review_reminders
from tests.reviews.conftest import finish


def reminders(world):
    return list(Outbox.objects.filter(user_id=world.people.customer_a.pk, kind="review.reminder")
                .order_by("id").values_list("dedupe_key", flat=True))


def test_reminders_on_day_three_and_ten_once_each(world):
    order = finish(world)
    done = completed_at(order)

    assert send_review_reminders(actor=SYSTEM, now=done + timedelta(days=2)) == 0
    assert send_review_reminders(actor=SYSTEM, now=done + timedelta(days=3, hours=1)) == 1
    assert send_review_reminders(actor=SYSTEM, now=done + timedelta(days=4)) == 0  # already told
    assert send_review_reminders(actor=SYSTEM, now=done + timedelta(days=10, hours=1)) == 1
    assert send_review_reminders(actor=SYSTEM, now=done + timedelta(days=15)) == 0  # the window closed

    keys = reminders(world)
    assert len(keys) == 2 and keys[0].endswith(f"{order.pk}:3:{world.people.customer_a.pk}")
    title, body = render("review.reminder", Outbox.objects.filter(kind="review.reminder").first().context,
                         language="en")
    assert order.service_name in title and "until" in body


def test_a_reviewed_visit_is_not_reminded(world):
    order = finish(world)
    post_review(actor=world.people.customer_a, order=order, scores=Scores(quality=5, attitude=5, skill=5, overall=5))

    assert send_review_reminders(actor=SYSTEM, now=completed_at(order) + timedelta(days=3, hours=1)) == 0
    assert reminders(world) == []
