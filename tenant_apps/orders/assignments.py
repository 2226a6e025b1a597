"""The order's assignment rows in scheduling (named by the order's hold_id) and the job they are for.
Orders read these rows here but change them only through scheduling's services."""
from __future__ import annotations

from django.db.models import QuerySet

from shared_apps.accounts.models import User
from shared_apps.core.actor import SystemActor
from shared_apps.core.geo import GeoPoint
from tenant_apps.catalog.pricing import AddOnChoice
from tenant_apps.scheduling.models import ACTIVE_STATUSES, Assignment
from tenant_apps.scheduling.selectors import JobRequest
from tenant_apps.scheduling.services import Visit, release_assignments

from .models import Order


def job_request_of(order: Order) -> JobRequest:
    req = order.request
    return JobRequest(
        service_id=order.service_id, variant_id=req.get("variant"),
        add_ons=tuple(AddOnChoice(add_on_id=a, quantity=q) for a, q in req.get("add_ons", [])),
        quantity=req.get("quantity"), duration_minutes=req.get("duration"),
        location=GeoPoint(float(order.latitude), float(order.longitude)) if order.latitude is not None else None,
    )


def order_rows(order: Order) -> QuerySet[Assignment]:
    return Assignment.objects.filter(hold_id=order.hold_id, status__in=ACTIVE_STATUSES).order_by("worker_id")


def holds_with_rows(orders) -> set:
    """The hold ids of those orders that still have active assignment rows: one query."""
    if not orders:
        return set()
    return set(Assignment.objects.filter(hold_id__in=[o.hold_id for o in orders], status__in=ACTIVE_STATUSES)
               .values_list("hold_id", flat=True))


def cancel_rows(order: Order, *, actor: User | SystemActor, worker_id: int | None = None) -> int:
    """Free the order's time (of one worker, or all), through scheduling: holds are deleted, booked
    rows become cancelled, the people's commitments go, and the hold history says who did it."""
    return release_assignments(actor=actor, hold_id=order.hold_id, worker_id=worker_id)


def visit_of(order: Order) -> Visit:
    return Visit(hold_id=order.hold_id, service_id=order.service_id, variant_id=order.variant_id,
                 customer_id=order.customer_id, starts_at=order.starts_at, ends_at=order.ends_at,
                 latitude=order.latitude, longitude=order.longitude, crew_size=order.crew_size)
