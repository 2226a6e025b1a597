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
