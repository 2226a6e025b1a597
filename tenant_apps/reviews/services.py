"""Actions on reviews: post and edit (the author, inside the windows), reply (the office, once),
report (anyone signed in), hide or dismiss reports (moderators, with a policy reason, logged),
the worker's rating of the customer, and the reminders to review."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User
from shared_apps.changes.services import record_change
from shared_apps.core.actor import SystemActor
from shared_apps.core.errors import DomainError, ValidationFailed
from shared_apps.notifications.services import notify
from tenant_apps.orders.locks import lock_order
from tenant_apps.orders.models import Order, OrderStatus
from tenant_apps.orders.notices import order_context
from tenant_apps.orders.services.booking import review_order
from tenant_apps.people.selectors import staff_member_of
from tenant_apps.workforce.credit import request_rescore
from tenant_apps.workforce.models import WorkerProfile

from .errors import ReviewError
from .locks import lock_review
from .models import (
    LOW_SCORE,
    CustomerRating,
    HideReason,
    LowScoreReason,
    ModerationAction,
    ModerationEntry,
    ReportReason,
    ReportStatus,
    Review,
    ReviewPhoto,
    ReviewReport,
    ReviewStatus,
)
from .photos import MAX_PHOTOS, clean_photo
from .selectors import (
    EDIT_WINDOW,
    REMINDER_DAYS,
    REVIEWABLE,
    WINDOW,
    can_edit,
    completed_at,
    is_paid,
    orders_to_remind,
)

MAX_TEXT = 2000


@dataclass(frozen=True)
class Scores:
    quality: int
    attitude: int
    skill: int
    overall: int
    text: str = ""
    low_reason: str = ""
    photos: list = field(default_factory=list)


def _check_scores(scores: Scores) -> None:
    errors: dict[str, list[str]] = {}
    for name in ("quality", "attitude", "skill", "overall"):
        value = getattr(scores, name)
        if not isinstance(value, int) or not 1 <= value <= 5:
            errors[name] = [_("Choose a score from 1 to 5.")]
    if len(scores.text) > MAX_TEXT:
        errors["text"] = [_("At most %(n)d characters.") % {"n": MAX_TEXT}]
    if scores.low_reason and scores.low_reason not in LowScoreReason.values:
        errors["low_reason"] = [_("Choose a reason from the list.")]
    if errors:
        raise ValidationFailed(errors)
    if scores.overall <= LOW_SCORE and not scores.low_reason:
        raise DomainError(ReviewError.REASON_REQUIRED,
                          _("Please tell us what went wrong: choose a reason for a low score."),
                          fields={"low_reason": [_("A reason is required for an overall score of 2 or less.")]})


def _low_reason(scores: Scores) -> str:
    """The reason is kept for a low score only (it is what the credit score reads)."""
    return scores.low_reason if scores.overall <= LOW_SCORE else ""


def check_can_review(*, actor: User, order: Order, now: datetime | None = None) -> None:
    """Raise why `actor` may not review `order` now (the caller fetched the order as theirs)."""
    now = now or timezone.now()
    if order.customer.user_id != actor.pk:
        raise DomainError(ReviewError.NOT_ELIGIBLE, _("Only the customer of this visit can review it."), status=403)
    if staff_member_of(actor) is not None:
        raise DomainError(ReviewError.STAFF_CANNOT_REVIEW,
                          _("Staff of the company cannot review its visits."), status=403)
    if order.status not in REVIEWABLE or not is_paid(order):
        raise DomainError(ReviewError.NOT_ELIGIBLE,
                          _("Only a completed and paid visit can be reviewed."), status=409)
    if Review.objects.filter(order_id=order.pk).exists():
        raise DomainError(ReviewError.ALREADY_REVIEWED, _("This visit already has your review."), status=409)
    done = completed_at(order)
    if done is None or now > done + WINDOW:
        raise DomainError(ReviewError.WINDOW_CLOSED,
                          _("Reviews can be written for %(days)d days after the visit; this one has closed.")
                          % {"days": WINDOW.days}, status=409)


def _too_many_photos() -> DomainError:
    message = _("At most %(n)d photos.") % {"n": MAX_PHOTOS}
    return DomainError(ReviewError.TOO_MANY_PHOTOS, message, fields={"photos": [message]})


def post_review(*, actor: User, order: Order, scores: Scores, now: datetime | None = None) -> Review:
    """The customer reviews a completed, paid visit (one review per order, inside the window). A
    completed order becomes "reviewed" on its timeline; one with an old comment-only review stays so."""
    now = now or timezone.now()
    _check_scores(scores)
    if len(scores.photos) > MAX_PHOTOS:
        raise _too_many_photos()
    cleaned = [clean_photo(upload) for upload in scores.photos]  # before any lock: Pillow work is slow
    with transaction.atomic():
        locked = lock_order(order.pk)
        check_can_review(actor=actor, order=locked, now=now)
        review = Review.objects.create(
            order=locked, customer_id=locked.customer_id, service_id=locked.service_id, worker_id=locked.worker_id,
            author=actor, quality=scores.quality, attitude=scores.attitude, skill=scores.skill,
            overall=scores.overall, text=scores.text.strip(), low_reason=_low_reason(scores),
            editable_until=now + EDIT_WINDOW)
        for image in cleaned:
            ReviewPhoto.objects.create(review=review, image=image)
        if locked.status == OrderStatus.COMPLETED:
            review_order(actor=actor, order=locked, comment=review.text[:500], now=now)
        record_change(actor=actor, action="review.post", target_id=review.pk,
                      data={"order": locked.pk, "overall": review.overall, "low_reason": review.low_reason,
                            "photos": len(cleaned)})
        request_rescore(review.worker_id)
    return review



def edit_review(*, actor: User, review: Review, scores: Scores, now: datetime | None = None) -> Review:
    """The author changes their review within 48 hours of posting; new photos are added (up to 6)."""
    now = now or timezone.now()
    _check_scores(scores)
    cleaned = [clean_photo(upload) for upload in scores.photos]
    with transaction.atomic():
        locked = lock_review(review.pk)
        if locked.author_id != actor.pk:
            raise DomainError(ReviewError.NOT_ELIGIBLE, _("Only its author can change a review."), status=403)
        if not can_edit(locked, now=now):
            raise DomainError(ReviewError.EDIT_LOCKED,
                              _("A review can be changed for 48 hours after it was posted; this one is locked."),
                              status=409)
        if locked.photos.count() + len(cleaned) > MAX_PHOTOS:
            raise _too_many_photos()
        before = {k: getattr(locked, k) for k in ("quality", "attitude", "skill", "overall", "text", "low_reason")}
        locked.quality, locked.attitude, locked.skill, locked.overall = (
            scores.quality, scores.attitude, scores.skill, scores.overall)
        locked.text, locked.low_reason, locked.edited_at = scores.text.strip(), _low_reason(scores), now
        locked.save(update_fields=["quality", "attitude", "skill", "overall", "text", "low_reason", "edited_at",
                                   "updated_at"])
        for image in cleaned:
            ReviewPhoto.objects.create(review=locked, image=image)
        record_change(actor=actor, action="review.edit", target_id=locked.pk,
                      data={"before": before, "photos_added": len(cleaned)})
        request_rescore(locked.worker_id)
    return locked


def reply_to_review(*, actor: User, review: Review, text: str, now: datetime | None = None) -> Review:
    """The company's one public answer (the office)."""
    now = now or timezone.now()
    text = (text or "").strip()
    if not text:
        raise ValidationFailed({"text": [_("Write the reply.")]})
    if len(text) > MAX_TEXT:
        raise ValidationFailed({"text": [_("At most %(n)d characters.") % {"n": MAX_TEXT}]})
    with transaction.atomic():
        locked = lock_review(review.pk)
        if locked.replied_at is not None:
            raise DomainError(ReviewError.ALREADY_REPLIED, _("The company has already replied to this review."),
                              status=409)
        locked.reply, locked.replied_by, locked.replied_at = text, actor, now
        locked.save(update_fields=["reply", "replied_by", "replied_at", "updated_at"])
        record_change(actor=actor, action="review.reply", target_id=locked.pk, data={"text": text})
        order = Order.objects.select_related("worker__staff_member").get(pk=locked.order_id)
        notify(actor=actor, user_ids=[locked.author_id], kind="review.replied", context=order_context(order))
    return locked


def report_review(*, actor: User, review: Review, reason: str, note: str = "") -> ReviewReport:
    """Anyone signed in reports a visible review; it goes to the office's moderation queue."""
    if reason not in ReportReason.values:
        raise ValidationFailed({"reason": [_("Choose a reason from the list.")]})
    with transaction.atomic():
        locked = lock_review(review.pk)
        if ReviewReport.objects.filter(review=locked, reporter=actor).exists():
            raise DomainError(ReviewError.ALREADY_REPORTED, _("You have already reported this review."), status=409)
        report = ReviewReport.objects.create(review=locked, reporter=actor, reason=reason, note=(note or "")[:MAX_TEXT])
        record_change(actor=actor, action="review.report", target_id=locked.pk, data={"reason": reason})
    return report


def _resolve_reports(review: Review, *, actor: User, status: str, now: datetime) -> int:
    return ReviewReport.objects.filter(review=review, status=ReportStatus.OPEN).update(
        status=status, resolved_by=actor, resolved_at=now, updated_at=now)


def hide_review(*, actor: User, review: Review, reason: str, note: str = "", now: datetime | None = None) -> Review:
    """A moderator hides a review for a policy reason: it leaves the service page, its author still
    sees it with the reason, and the trail records who, when and why. Nothing is deleted."""
    now = now or timezone.now()
    if reason not in HideReason.values:
        raise ValidationFailed({"reason": [_("Choose the policy this review breaks.")]})
    with transaction.atomic():
        locked = lock_review(review.pk)
        if locked.is_hidden:
            raise DomainError(ReviewError.ALREADY_HIDDEN, _("This review is already hidden."), status=409)
        locked.status, locked.hidden_reason, locked.hidden_note = ReviewStatus.HIDDEN, reason, (note or "")[:MAX_TEXT]
        locked.hidden_by, locked.hidden_at = actor, now
        locked.save(update_fields=["status", "hidden_reason", "hidden_note", "hidden_by", "hidden_at", "updated_at"])
        _resolve_reports(locked, actor=actor, status=ReportStatus.UPHELD, now=now)
        ModerationEntry.objects.create(review=locked, action=ModerationAction.HIDE, actor=actor,
                                       actor_name=str(actor)[:150], reason=reason, note=locked.hidden_note)
        record_change(actor=actor, action="review.hide", target_id=locked.pk, reason=reason,
                      data={"note": locked.hidden_note})
        request_rescore(locked.worker_id)
    return locked


def dismiss_reports(*, actor: User, review: Review, note: str = "", now: datetime | None = None) -> Review:
    """A moderator finds no policy broken: the open reports are closed and the review stays."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_review(review.pk)
        closed = _resolve_reports(locked, actor=actor, status=ReportStatus.DISMISSED, now=now)
        if closed:
            ModerationEntry.objects.create(review=locked, action=ModerationAction.DISMISS, actor=actor,
                                           actor_name=str(actor)[:150], note=(note or "")[:MAX_TEXT])
            record_change(actor=actor, action="review.dismiss_reports", target_id=locked.pk, data={"reports": closed})
    return locked


def rate_customer(*, actor: User, worker: WorkerProfile, order: Order, address_accuracy: int, safety: int,
                  note: str = "") -> CustomerRating:
    """The worker's private rating of the customer after their finished task (once per order)."""
    errors = {name: [_("Choose a score from 1 to 5.")] for name, value in
              (("address_accuracy", address_accuracy), ("safety", safety))
              if not isinstance(value, int) or not 1 <= value <= 5}
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        locked = lock_order(order.pk)
        if locked.worker_id != worker.pk or locked.status not in REVIEWABLE:
            raise DomainError(ReviewError.NOT_FINISHED, _("Rate the customer once you have finished the task."),
                              status=409)
        if CustomerRating.objects.filter(order_id=locked.pk).exists():
            raise DomainError(ReviewError.ALREADY_RATED, _("You have already rated this customer for this visit."),
                              status=409)
        rating = CustomerRating.objects.create(order=locked, customer_id=locked.customer_id, worker=worker,
                                               address_accuracy=address_accuracy, safety=safety,
                                               note=(note or "").strip()[:MAX_TEXT])
        record_change(actor=actor, action="customer_rating.add", target_id=rating.pk,
                      data={"order": locked.pk, "address_accuracy": address_accuracy, "safety": safety})
    return rating


def send_review_reminders(*, actor: SystemActor, now: datetime | None = None) -> int:
    """Beat: remind the customer of an unreviewed visit on day 3 and day 10 after it was completed
    (each once: the outbox's dedupe key names the company, the order and the day)."""
    now = now or timezone.now()
    sent = 0
    for order in orders_to_remind(now=now):
        days = max(d for d in REMINDER_DAYS if order.completed_at + timedelta(days=d) <= now)
        closes = order.completed_at + WINDOW
        rows = notify(actor=actor, user_ids=[order.customer.user_id], kind="review.reminder",
                      context=order_context(order, closes=closes),
                      dedupe_key=f"review-reminder:{connection.schema_name}:{order.pk}:{days}")
        sent += len(rows)
    return sent

