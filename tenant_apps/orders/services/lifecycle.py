"""The visit itself: the worker accepts or declines, sets off, arrives, works and finishes; cancelling
(fee by the service's policy, previewed first and charged only as previewed); disputes and refunds."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User
from shared_apps.core.actor import SYSTEM, SystemActor
from shared_apps.core.errors import DomainError, ValidationFailed
from shared_apps.core.geo import GeoPoint, distance_m
from tenant_apps.earnings.services.earning import accrue_order_earning
from tenant_apps.insurance.services import bind_policy, end_policy
from tenant_apps.workforce.models import WorkerProfile

from ..assignments import cancel_rows
from ..errors import OrderError
from ..locks import lock_order
from ..machine import Context, Role, apply_transition, find_transition
from ..models import ExceptionKind, Order, OrderException, OrderPhoto
from ..notices import customer_user_id, tell, worker_user_id
from ..selectors import cancellation_fee_of, order_settings
from .dispatch import offer_automatically
from .reschedule import withdraw_pending_requests

MAX_PHOTOS = 9


def _worker_ctx(worker: WorkerProfile, now: datetime, reason: str = "") -> Context:
    return Context(role=Role.WORKER, now=now, worker_id=worker.pk, reason=reason)


def accept_task(*, actor: User, worker: WorkerProfile, order: Order, now: datetime | None = None) -> Order:
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_order(order.pk)
        apply_transition(actor=actor, order=locked, action="accept", ctx=_worker_ctx(worker, now))
        # The visit is insured from the worker's yes (issue 17.5); an insurer's refusal is recorded, not raised.
        bind_policy(actor=actor, order_id=locked.pk, worker_id=worker.pk, insured_value_fen=locked.total,
                    starts_at=locked.starts_at, ends_at=locked.ends_at, now=now)
        tell(actor=actor, order=locked, kind="order.accepted", to=[customer_user_id(locked)])
    return locked


def decline_task(*, actor: User, worker: WorkerProfile, order: Order, reason: str,
                 now: datetime | None = None) -> Order:
    """The worker turns the task down (with a reason): their time is freed and the order is offered
    to another free worker who has not declined it, or waits for the office."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_order(order.pk)
        apply_transition(actor=actor, order=locked, action="decline", ctx=_worker_ctx(worker, now, reason),
                         data={"worker": worker.pk})
        cancel_rows(locked, actor=actor, worker_id=worker.pk)
        locked.worker = None
        locked.save(update_fields=["worker", "updated_at"])
        decliners = frozenset(locked.events.filter(action="decline").values_list("data__worker", flat=True))
        offer_automatically(actor=actor, order=locked, now=now, exclude=decliners)
    return locked


def set_off(*, actor: User, worker: WorkerProfile, order: Order, eta_minutes: int,
            location: tuple[float, float] | None = None, now: datetime | None = None) -> Order:
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_order(order.pk)
        locked.eta_at = now + timedelta(minutes=eta_minutes)
        apply_transition(actor=actor, order=locked, action="depart", ctx=_worker_ctx(worker, now),
                         location=location, update_fields=("eta_at",), data={"eta_minutes": eta_minutes})
        tell(actor=actor, order=locked, kind="order.on_the_way", to=[customer_user_id(locked)], eta=eta_minutes)
    return locked


def arrive(*, actor: User, worker: WorkerProfile, order: Order, location: tuple[float, float] | None,
           now: datetime | None = None) -> Order:
    """Arrival with the worker's position; farther than the company's radius from the address is
    flagged on the event and raised as an exception for the office. Without a position (the phone's
    location denied or unavailable) the arrival is still recorded, and flagged for the office."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_order(order.pk)
        if location is None:
            apply_transition(actor=actor, order=locked, action="arrive", ctx=_worker_ctx(worker, now),
                             data={"no_location": True})
            OrderException.objects.get_or_create(order=locked, kind=ExceptionKind.ARRIVAL_WITHOUT_LOCATION)
        else:
            data: dict = {}
            if locked.latitude is not None:
                distance = distance_m(GeoPoint(*location), GeoPoint(float(locked.latitude), float(locked.longitude)))
                # An address placed only at its district's centre cannot tell near from far.
                far = not locked.location_is_approximate and distance > order_settings().arrival_radius_m
                data = {"distance_m": round(distance), "far": far}
                if far:
                    OrderException.objects.get_or_create(order=locked, kind=ExceptionKind.FAR_ARRIVAL,
                                                         defaults={"detail": {"distance_m": round(distance)}})
            apply_transition(actor=actor, order=locked, action="arrive", ctx=_worker_ctx(worker, now),
                             location=location, data=data)
        tell(actor=actor, order=locked, kind="order.arrived", to=[customer_user_id(locked)])
    return locked


def _early_ctx(worker: WorkerProfile, now: datetime, *, reason: str = "", early_reason: str = "") -> Context:
    """The worker's context with the company's early-start window and their reason for being early
    (machine._start_not_too_early, _finish_not_too_early)."""
    return Context(role=Role.WORKER, now=now, worker_id=worker.pk, reason=reason,
                   data={"early_start_minutes": order_settings().early_start_minutes,
                         "early_reason": early_reason.strip()})


def start_service(*, actor: User, worker: WorkerProfile, order: Order, early_reason: str = "",
                  now: datetime | None = None) -> Order:
    """Start the work: refused more than the company's window before the visit's start; a day or more
    early (a window that long) only with `early_reason`, kept on the timeline."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_order(order.pk)
        ctx = _early_ctx(worker, now, reason=early_reason, early_reason=early_reason)
        apply_transition(actor=actor, order=locked, action="start_service", ctx=ctx)
    return locked


def complete_task(*, actor: User, worker: WorkerProfile, order: Order, note: str = "",
                  photos: Sequence[UploadedFile] = (), early_reason: str = "", now: datetime | None = None) -> Order:
    """Done, with a note and optional photos (stored under the company's prefix); a day or more before
    the visit is due only with `early_reason`."""
    now = now or timezone.now()
    if len(photos) > MAX_PHOTOS:
        raise ValidationFailed({"photos": [_("Attach at most %(n)d photos.") % {"n": MAX_PHOTOS}]})
    with transaction.atomic():
        locked = lock_order(order.pk)
        locked.completion_note = note.strip()
        data = {"photos": len(photos), **({"early_reason": early_reason.strip()} if early_reason.strip() else {})}
        apply_transition(actor=actor, order=locked, action="complete",
                         ctx=_early_ctx(worker, now, reason=note, early_reason=early_reason),
                         update_fields=("completion_note",), data=data)
        for photo in photos:
            OrderPhoto.objects.create(order=locked, image=photo)
        accrue_order_earning(actor=actor, order_id=locked.pk, worker=locked.worker.staff_member.user_id,
                             service_id=locked.service_id, worker_level=locked.worker.level, total=locked.total,
                             completed_at=now)
        end_policy(actor=actor, order_id=locked.pk, now=now)
        tell(actor=actor, order=locked, kind="order.completed", to=[customer_user_id(locked)])
    return locked


# ---- cancelling ------------------------------------------------------------------------------------

def cancel_order(*, actor: User | SystemActor, order: Order, role: str, expected_fee: int, reason: str = "",
                 now: datetime | None = None) -> Order:
    """Cancel, charging exactly `expected_fee` (the previewed fee); if the fee is now different, refuse
    with fee_changed (409) carrying the current fee, so the customer confirms again."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_order(order.pk)
        find_transition(locked.status, "cancel", Context(role=role, now=now, reason=reason), locked)
        fee = cancellation_fee_of(order=locked, role=role, now=now)
        if fee != expected_fee:
            raise DomainError(OrderError.FEE_CHANGED, _("The fee is now %(fee)s; please confirm again.")
                              % {"fee": _money(fee, locked.currency)}, status=409, extra={"fee": fee})
        worker_user = worker_user_id(locked)
        locked.fees_charged += fee
        withdraw_pending_requests(actor=actor, order=locked, now=now, role=role)
        apply_transition(actor=actor, order=locked, action="cancel", ctx=Context(role=role, now=now, reason=reason),
                         update_fields=("fees_charged",), data={"fee": fee})
        cancel_rows(locked, actor=actor)
        end_policy(actor=actor, order_id=locked.pk, now=now)
        tell(actor=actor, order=locked, kind="order.cancelled", to=[customer_user_id(locked)], reason=reason)
        tell(actor=actor, order=locked, kind="order.task_cancelled", to=[worker_user])
        from .payment import refund_after_cancellation  # payment.py builds on this module

        if refund_after_cancellation(actor=SYSTEM, order=locked):
            locked.refresh_from_db()  # the refund moved it on to refunded
    return locked


def mark_customer_not_there(*, actor: User, worker: WorkerProfile, order: Order,
                            location: tuple[float, float] | None, now: datetime | None = None) -> Order:
    """The worker arrived, waited, and nobody is there: the order is cancelled with the customer
    no-show fee (no_show.customer_no_show_fee) and the rest refunded by the cancellation path. Only
    with location evidence (an arrival with the phone's position within the company's radius, and
    the position now within it too): otherwise no_location_evidence (409). Before the company's wait
    after the later of arrival and start: too_early_for_no_show (409). The event keeps who, when
    and where."""
    from ..no_show import (
        arrival_event_of,
        arrival_evidence_refusal,
        customer_no_show_fee,
        distance_from_address,
        no_show_allowed_from,
    )

    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_order(order.pk)
        ctx = _worker_ctx(worker, now, reason=_("Nobody was at the address."))
        find_transition(locked.status, "customer_no_show", ctx, locked)
        settings = order_settings()
        arrival = arrival_event_of(locked)
        why = arrival_evidence_refusal(order=locked, arrival=arrival, here=location, radius_m=settings.arrival_radius_m)
        if why:
            raise DomainError(OrderError.NO_LOCATION_EVIDENCE, why, status=409)
        allowed_from = no_show_allowed_from(order=locked, arrival=arrival, wait_minutes=settings.no_show_wait_minutes)
        if now < allowed_from:
            raise DomainError(OrderError.TOO_EARLY_FOR_NO_SHOW, _(
                "Wait for the customer until %(when)s (%(minutes)d minutes after you arrived and the visit was due) "
                "before marking them not there.") % {"when": _local_time(allowed_from),
                                                      "minutes": settings.no_show_wait_minutes},
                status=409, extra={"allowed_from": allowed_from.isoformat()})
        fee = customer_no_show_fee(order=locked, settings=settings, now=now)
        locked.fees_charged += fee
        apply_transition(actor=actor, order=locked, action="customer_no_show", ctx=ctx, location=location,
                         update_fields=("fees_charged",),
                         data={"fee": fee, "arrival_event": arrival.pk,
                               "distance_m": round(distance_from_address(locked, location)),
                               "waited_since": (allowed_from - timedelta(
                                   minutes=settings.no_show_wait_minutes)).isoformat()})
        cancel_rows(locked, actor=actor)
        end_policy(actor=actor, order_id=locked.pk, now=now)
        tell(actor=actor, order=locked, kind="order.cancelled", to=[customer_user_id(locked)],
             reason=_("Nobody was at the address when the worker came."))
        from .payment import refund_after_cancellation  # payment.py builds on this module

        if refund_after_cancellation(actor=SYSTEM, order=locked):
            locked.refresh_from_db()
    return locked


def _local_time(moment: datetime) -> str:
    from zoneinfo import ZoneInfo

    from django.utils import formats

    from shared_apps.core.company import company_time_zone

    return formats.date_format(moment.astimezone(ZoneInfo(company_time_zone())), "DATETIME_FORMAT")


def _money(amount: int, currency: str) -> str:
    return f"{amount / 100:.2f} {currency}"


def dispute_order(*, actor: User, order: Order, role: str, reason: str, now: datetime | None = None) -> Order:
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_order(order.pk)
        apply_transition(actor=actor, order=locked, action="dispute", ctx=Context(role=role, now=now, reason=reason))
    return locked


def resolve_dispute(*, actor: User, order: Order, reason: str, now: datetime | None = None) -> Order:
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_order(order.pk)
        apply_transition(actor=actor, order=locked, action="resolve",
                         ctx=Context(role=Role.OFFICE, now=now, reason=reason))
    return locked


def refund_order(*, actor: User | SystemActor, order: Order, reason: str, now: datetime | None = None) -> Order:
    """Mark the order refunded (the money moves with the payments issue's ledger)."""
    now = now or timezone.now()
    role = Role.SYSTEM if isinstance(actor, SystemActor) else Role.OFFICE
    with transaction.atomic():
        locked = lock_order(order.pk)
        apply_transition(actor=actor, order=locked, action="refund", ctx=Context(role=role, now=now, reason=reason),
                         data={"amount": locked.total - locked.fees_charged})
    return locked
