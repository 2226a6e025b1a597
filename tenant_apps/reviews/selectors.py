"""Reads of reviews, scoped to who asks: the public (visible reviews of a service), the author (their
own, hidden or not), the office (everything of the company) and the worker (their own ratings)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Avg, Count, Max, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from shared_apps.core.api import parse_id
from shared_apps.core.errors import NotFound
from tenant_apps.orders.models import Order, OrderEvent, OrderStatus, PaymentMethod
from tenant_apps.orders.paying import pay_options

from .models import CustomerRating, ModerationEntry, ReportStatus, Review, ReviewReport, ReviewStatus

WINDOW = timedelta(days=14)  # a review can be written this long after the visit was completed
EDIT_WINDOW = timedelta(hours=48)  # and changed by its author this long after posting
REMINDER_DAYS = (3, 10)
REVIEWABLE = (OrderStatus.COMPLETED, OrderStatus.REVIEWED)  # reviewed: an old comment-only review


def completed_at(order: Order) -> datetime | None:
    """When the visit was completed: the timeline's "complete" event."""
    return (OrderEvent.objects.filter(order_id=order.pk, action="complete")
            .aggregate(at=Max("created_at"))["at"])


def is_paid(order: Order) -> bool:
    """Paid in full: online with nothing left to pay, or on site (paid at the door when it was done)."""
    if order.payment_method == PaymentMethod.ON_SITE:
        return order.status in REVIEWABLE
    return order.paid_at is not None and not pay_options(order=order)


def can_edit(review: Review, *, now: datetime | None = None) -> bool:
    """Its author may still change it (48 hours after posting)."""
    return (now or timezone.now()) <= review.editable_until


def review_of_order(order: Order) -> Review | None:
    return Review.objects.filter(order_id=order.pk).prefetch_related("photos").first()


def _with_photos(qs: QuerySet[Review]) -> QuerySet[Review]:
    return qs.prefetch_related("photos")


def visible_reviews(*, service_id: int) -> QuerySet[Review]:
    """A service page's reviews: visible ones, newest first, with the author's name and the photos."""
    return _with_photos(Review.objects.filter(service_id=service_id, status=ReviewStatus.VISIBLE)
                        .select_related("author"))


@dataclass(frozen=True)
class ScoreSummary:
    count: int
    overall: float | None
    quality: float | None
    attitude: float | None
    skill: float | None


def score_summary(*, service_id: int) -> ScoreSummary:
    """Average scores of the service's visible reviews (one query)."""
    row = Review.objects.filter(service_id=service_id, status=ReviewStatus.VISIBLE).aggregate(
        count=Count("id"), overall=Avg("overall"), quality=Avg("quality"), attitude=Avg("attitude"),
        skill=Avg("skill"))
    return ScoreSummary(**{k: (round(float(v), 1) if isinstance(v, (float, int)) and k != "count" else v)
                           for k, v in row.items()})


def reviews_of_author(user) -> QuerySet[Review]:
    return _with_photos(Review.objects.filter(author_id=user.pk).select_related("order"))


def get_review_for_author(user, review_id) -> Review:
    pk = parse_id(review_id)
    review = reviews_of_author(user).filter(pk=pk).first() if pk is not None else None
    if review is None:
        raise NotFound("review")
    return review


def get_visible_review(review_id) -> Review:
    """A review anyone may see (and report)."""
    pk = parse_id(review_id)
    review = Review.objects.filter(pk=pk, status=ReviewStatus.VISIBLE).first() if pk is not None else None
    if review is None:
        raise NotFound("review")
    return review


def office_reviews(*, status: str | None = None, service_id: int | None = None, low: bool = False,
                   reported: bool = False) -> QuerySet[Review]:
    """Every review of the company, with the open reports counted, the reports and the moderation log."""
    qs = (Review.objects.select_related("author", "service", "worker__staff_member", "hidden_by", "replied_by")
          .annotate(open_reports=Count("reports", filter=Q(reports__status=ReportStatus.OPEN)))
          .prefetch_related("photos",
                            Prefetch("reports", queryset=ReviewReport.objects.select_related("reporter")),
                            Prefetch("moderation", queryset=ModerationEntry.objects.all()))
          .order_by("-created_at", "-id"))
    if status:
        qs = qs.filter(status=status)
    if service_id:
        qs = qs.filter(service_id=service_id)
    if low:
        qs = qs.filter(overall__lte=2)
    if reported:
        qs = qs.filter(open_reports__gt=0)
    return qs


def moderation_queue() -> QuerySet[Review]:
    """Reviews with reports waiting for a moderator, the longest waiting first."""
    first = Min("reports__created_at", filter=Q(reports__status=ReportStatus.OPEN))
    return office_reviews(reported=True).annotate(first_report=first).order_by("first_report", "id")


def get_review_for_office(review_id) -> Review:
    pk = parse_id(review_id)
    review = office_reviews().filter(pk=pk).first() if pk is not None else None
    if review is None:
        raise NotFound("review")
    return review


def customer_ratings() -> QuerySet[CustomerRating]:
    """The workers' private ratings of customers (the office only)."""
    return CustomerRating.objects.select_related("customer__user", "worker__staff_member", "order")


def rating_of_order(order: Order) -> CustomerRating | None:
    return CustomerRating.objects.filter(order_id=order.pk).first()


def orders_to_remind(*, now: datetime | None = None) -> QuerySet[Order]:
    """Completed orders without a review still inside the window, annotated with `completed_at`."""
    now = now or timezone.now()
    return (Order.objects.filter(status=OrderStatus.COMPLETED, review__isnull=True)
            .annotate(completed_at=Max("events__created_at", filter=Q(events__action="complete")))
            .filter(completed_at__gt=now - WINDOW, completed_at__lte=now - timedelta(days=REMINDER_DAYS[0]))
            .select_related("customer", "worker__staff_member"))


def counted_ratings(*, since: datetime) -> dict[int, tuple[int, str]]:
    """Order id -> (overall score, low-score reason code) of each visible review of a visit due since
    `since`: what the workers' credit score reads (a review hidden for a policy reason does not count)."""
    return {order_id: (overall, reason) for order_id, overall, reason in Review.objects.filter(
        status=ReviewStatus.VISIBLE, order__starts_at__gte=since).values_list("order_id", "overall", "low_reason")}
