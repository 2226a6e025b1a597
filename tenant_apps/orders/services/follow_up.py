"""A follow-up visit at no charge (an after-sales remedy): the same job for the same customer at the
same address, on a real free slot held and booked through scheduling (its exclusion constraint is the
judge, so two follow-ups never take one worker's time twice), offered first to someone other than
the worker the complaint is about."""
from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from shared_apps.accounts.models import User
from shared_apps.core.company import company_time_zone
from shared_apps.core.errors import DomainError
from shared_apps.core.hours import LocalClock, epoch_minute
from tenant_apps.scheduling.engine import free_workers_at
from tenant_apps.scheduling.errors import SchedulingError
from tenant_apps.scheduling.selectors import availability_search, job_terms_for
from tenant_apps.scheduling.services import HoldRequest, confirm_hold, place_hold

from ..assignments import job_request_of, order_rows
from ..machine import Context, Role, apply_transition
from ..models import Order
from .dispatch import give_to_worker


def book_follow_up_visit(*, actor: User, original: Order, start: datetime, avoid_worker_id: int | None = None,
                         reason: str = "", data: dict | None = None, now: datetime | None = None) -> Order:
    """Book the follow-up of `original` at `start` (one of the offered times), nothing to pay, and give
    it to a worker holding the time: one other than `avoid_worker_id` when any is free then, else
    whoever is. SlotTaken (409, with fresh slots) when the time is gone; nothing is written then."""
    now = now or timezone.now()
    job = job_request_of(original)
    terms = job_terms_for(job, now=now)
    crew = terms.job.crew_size
    preferred = None
    if avoid_worker_id is not None:
        day = LocalClock(company_time_zone()).local_date(epoch_minute(start))
        free = free_workers_at(availability_search(terms=terms, first_day=day, last_day=day, now=now), start=start)
        others = [w for w in free if w != avoid_worker_id]
        if len(others) >= crew:
            preferred = tuple(others[:crew])
    with transaction.atomic():
        try:
            hold = place_hold(actor=actor, customer=original.customer,
                              request=HoldRequest(job=job, start=start, worker_ids=preferred), now=now)
        except DomainError as taken:
            if preferred is None or taken.code != SchedulingError.SLOT_TAKEN:
                raise
            # The other worker was taken meanwhile: whoever is still free then (the same worker last).
            hold = place_hold(actor=actor, customer=original.customer,
                              request=HoldRequest(job=job, start=start), now=now)
        order = Order.objects.create(
            customer=original.customer, service_id=original.service_id, variant_id=original.variant_id,
            service_name=original.service_name, status="", request=original.request, purchase=original.purchase,
            lines=[], cancellation_tiers=[], total=0, currency=original.currency,
            duration_minutes=hold.duration_minutes, crew_size=hold.crew_size, starts_at=hold.start, ends_at=hold.end,
            hold_id=hold.hold_id, address_line=original.address_line, district=original.district,
            latitude=original.latitude, longitude=original.longitude,
            location_is_approximate=original.location_is_approximate, contact_name=original.contact_name,
            contact_phone=original.contact_phone, notes=original.notes, requirements=original.requirements,
            payment_method=original.payment_method, paid_at=now,
        )
        apply_transition(actor=actor, order=order, action="book_follow_up",
                         ctx=Context(role=Role.OFFICE, now=now, reason=reason),
                         data={"follow_up_of": original.pk, **(data or {})})
        confirm_hold(actor=actor, hold_id=order.hold_id)
        held = list(order_rows(order).values_list("worker_id", flat=True))
        chosen = next((w for w in held if w != avoid_worker_id), held[0])
        give_to_worker(actor=actor, role=Role.OFFICE, order=order, worker_id=chosen, now=now)
    return order
