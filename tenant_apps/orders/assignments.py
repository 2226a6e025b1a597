"""The order's assignment rows in scheduling (named by the order's hold_id) and the job they are for."""
from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from tenant_apps.catalog.geo import GeoPoint
from tenant_apps.catalog.pricing import AddOnChoice
from tenant_apps.scheduling.models import ACTIVE_STATUSES, Assignment, AssignmentStatus
from tenant_apps.scheduling.selectors import JobRequest

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


def cancel_rows(order: Order, *, worker_id: int | None = None) -> int:
    """Free the order's time (of one worker, or all). Holds are deleted (the constraint of holds
    needs an expiry), booked rows become cancelled."""
    rows = order_rows(order)
    if worker_id is not None:
        rows = rows.filter(worker_id=worker_id)
    held = rows.filter(status=AssignmentStatus.HOLD).delete()[0]
    return held + rows.filter(status=AssignmentStatus.BOOKED).update(status=AssignmentStatus.CANCELLED,
                                                                     updated_at=timezone.now())
