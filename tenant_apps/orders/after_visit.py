"""Reads of a finished visit for what comes after it (after-sales cases): when it was completed, the
evidence the visit left (the worker's completion photos and arrival position), and the free start
times for a follow-up visit of the same job."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import QuerySet

from shared_apps.core.company import company_time_zone
from shared_apps.core.errors import DomainError
from shared_apps.core.hours import LocalClock, epoch_minute
from tenant_apps.scheduling.engine import find_slots
from tenant_apps.scheduling.selectors import availability_search, job_terms_for

from .assignments import job_request_of
from .models import Order, OrderEvent, OrderPhoto, OrderStatus

DONE_STATES = frozenset({OrderStatus.COMPLETED, OrderStatus.REVIEWED, OrderStatus.DISPUTED})


@dataclass(frozen=True)
class VisitEvidence:
    completed_at: datetime | None
    photo_ids: tuple[int, ...]
    arrival: dict  # {"latitude", "longitude", "at", "distance_m"} or {"no_location": True}, {} without arrival
    worker_id: int | None
    service_category_id: int | None


def completed_at_of(order: Order) -> datetime | None:
    """When the worker marked the visit done (its `complete` event), None when it never was."""
    return (OrderEvent.objects.filter(order_id=order.pk, action="complete").order_by("created_at", "id")
            .values_list("created_at", flat=True).first())


def visit_evidence(order: Order) -> VisitEvidence:
    """What the visit left behind, read when a problem is reported (three queries)."""
    arrival_event = (OrderEvent.objects.filter(order_id=order.pk, action="arrive").order_by("-created_at", "-id")
                     .first())
    arrival: dict = {}
    if arrival_event is not None:
        if arrival_event.latitude is None:
            arrival = {"no_location": True, "at": arrival_event.created_at.isoformat()}
        else:
            arrival = {"latitude": str(arrival_event.latitude), "longitude": str(arrival_event.longitude),
                       "at": arrival_event.created_at.isoformat(),
                       **({"distance_m": arrival_event.data["distance_m"]}
                          if "distance_m" in (arrival_event.data or {}) else {})}
    category_id = (Order.objects.filter(pk=order.pk).values_list("service__category_id", flat=True).first())
    return VisitEvidence(
        completed_at=completed_at_of(order),
        photo_ids=tuple(OrderPhoto.objects.filter(order_id=order.pk).values_list("pk", flat=True)),
        arrival=arrival, worker_id=order.worker_id, service_category_id=category_id)


def photos_by_id(photo_ids) -> QuerySet[OrderPhoto]:
    return OrderPhoto.objects.filter(pk__in=list(photo_ids)).order_by("id")


def follow_up_starts(order: Order, *, first_day: date, days: int, now: datetime) -> list[datetime]:
    """The start times at which the same job could be done again, over `days` company days from
    `first_day` (advice for the office's choice; booking checks again under the database's rules)."""
    try:
        terms = job_terms_for(job_request_of(order), now=now)
    except DomainError:
        return []
    last = first_day + timedelta(days=days - 1)
    search = availability_search(terms=terms, first_day=first_day, last_day=last, now=now)
    return [slot.start for day in find_slots(search, first_day=first_day, last_day=last) for slot in day.slots]


def company_today(now: datetime) -> date:
    return LocalClock(company_time_zone()).local_date(epoch_minute(now))
