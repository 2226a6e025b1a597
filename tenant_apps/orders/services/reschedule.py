"""Moving a visit. A customer or a worker asks; the new time is held at once (the availability engine
and the exclusion constraint decide it is free); the other side approves (the booking moves) or
declines (the held time is released). The office moves a visit directly, with a reason. The fee is
previewed and charged only as previewed."""
from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shared_apps.accounts.models import User
from shared_apps.core.actor import SystemActor
from shared_apps.core.errors import DomainError
from tenant_apps.scheduling.selectors import hold_rows
from tenant_apps.scheduling.services import (
    HoldRequest,
    SlotTaken,
    confirm_hold,
    extend_hold,
    place_hold,
    release_assignments,
)

from ..errors import OrderError
from ..fees import reschedule_fee
from ..locks import lock_order, lock_pending_reschedule_requests, lock_reschedule_request
from ..machine import Context, Role, apply_transition, find_transition, record_event
from ..models import Order, OrderStatus, RescheduleRequest, RescheduleStatus
from ..notices import customer_user_id, tell, worker_user_id


def _hold_new_time(*, actor: User, order: Order, start: datetime, workers: tuple[int, ...] | None,
                   now: datetime):
    job = _job(order)
    attempts = [workers] if workers is not None else []
    if order.worker_id and order.crew_size == 1 and workers is None:
        attempts.append((order.worker_id,))
    if workers is None:
        attempts.append(None)
    last: Exception | None = None
    for choice in attempts:
        try:
            return place_hold(actor=actor, customer=order.customer,
                              request=HoldRequest(job=job, start=start, worker_ids=choice), now=now)
        except SlotTaken as exc:
            last = exc
    raise last  # type: ignore[misc]


def _job(order: Order):
    from ..assignments import job_request_of

    return job_request_of(order)


def request_reschedule(*, actor: User, order: Order, role: str, start: datetime, expected_fee: int,
                       reason: str = "", worker_id: int | None = None,
                       now: datetime | None = None) -> RescheduleRequest:
    """Ask to move the visit to `start` (customer or worker). The new time is held for the order's
    worker (for a customer's request, any free worker when theirs is busy) until answered."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_order(order.pk)
        ctx = Context(role=role, now=now, worker_id=worker_id, reason=reason)
        find_transition(locked.status, "request_reschedule", ctx, locked)
        fee = reschedule_fee(order=locked, role=role, now=now)
        if fee != expected_fee:
            raise DomainError(OrderError.FEE_CHANGED, _("The fee is now %(fee)s; please confirm again.")
                              % {"fee": f"{fee / 100:.2f} {locked.currency}"}, status=409, extra={"fee": fee})
        workers = (worker_id,) if role == Role.WORKER else None
        hold = _hold_new_time(actor=actor, order=locked, start=start, workers=workers, now=now)
        # Held until the answer comes (at the latest until the new time itself).
        extend_hold(actor=actor, hold_id=hold.hold_id, expires_at=max(start, now + timedelta(minutes=1)))
        request = RescheduleRequest.objects.create(
            order=locked, requested_by=role, requester=actor, starts_at=hold.start, ends_at=hold.end,
            hold_id=hold.hold_id, worker_id=hold.worker_ids[0], fee=fee, reason=reason)
        # Checked above, before the request existed (its guard refuses a second pending request).
        record_event(actor=actor, order=locked, action="request_reschedule", role=role, reason=reason,
                     from_status=locked.status, data={"request": request.pk, "start": hold.start.isoformat(),
                                                      "fee": fee})
        other = worker_user_id(locked) if role == Role.CUSTOMER else customer_user_id(locked)
        tell(actor=actor, order=locked, kind="order.reschedule_requested", to=[other], new_start=hold.start,
             reason=reason,
             requester=gettext_noop("The customer") if role == Role.CUSTOMER else gettext_noop("Your worker"))
    return request


def answer_reschedule(*, actor: User, order: Order, request: RescheduleRequest, role: str, approve: bool,
                      worker_id: int | None = None, reason: str = "", now: datetime | None = None) -> Order:
    """The other side approves (the order moves to the held time; the old time is freed; the fee is
    charged) or declines (the held time is released)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_order(order.pk)
        row = lock_reschedule_request(request.pk)
        if row.order_id != locked.pk or row.status != RescheduleStatus.PENDING:
            raise DomainError(OrderError.ILLEGAL_TRANSITION, _("This request has been answered already."), status=409)
        action = "approve_reschedule" if approve else "decline_reschedule"
        ctx = Context(role=role, now=now, worker_id=worker_id, reason=reason,
                      data={"requested_by": row.requested_by})
        find_transition(locked.status, action, ctx, locked)
        if approve:
            _move(actor=actor, order=locked, request=row, now=now)
        else:
            release_assignments(actor=actor, hold_id=row.hold_id, holds_only=True)
        row.status = RescheduleStatus.APPROVED if approve else RescheduleStatus.DECLINED
        row.save(update_fields=["status", "updated_at"])
        apply_transition(actor=actor, order=locked, action=action, ctx=ctx,
                         data={"request": row.pk, "start": row.starts_at.isoformat(), "fee": row.fee if approve else 0})
        requester = customer_user_id(locked) if row.requested_by == Role.CUSTOMER else worker_user_id(locked)
        tell(actor=actor, order=locked, kind="order.reschedule_approved" if approve else "order.reschedule_declined",
             to=[requester] if not approve else [customer_user_id(locked), worker_user_id(locked)])
    return locked


def _move(*, actor: User | SystemActor, order: Order, request: RescheduleRequest, now: datetime) -> None:
    """Swap the order's booking for the request's held time. Expects both locks."""
    from ..assignments import cancel_rows
    from .dispatch import give_to_worker

    if not hold_rows(request.hold_id).exists():
        raise DomainError(OrderError.ILLEGAL_TRANSITION, _("The new time is no longer held; ask again."), status=409)
    cancel_rows(order, actor=actor)
    if order.status != OrderStatus.PENDING_PAYMENT:
        confirm_hold(actor=actor, hold_id=request.hold_id)
    else:
        extend_hold(actor=actor, hold_id=request.hold_id, expires_at=order.pay_by or now)
    worker_changed = bool(order.worker_id) and request.worker_id != order.worker_id
    order.hold_id, order.starts_at, order.ends_at = request.hold_id, request.starts_at, request.ends_at
    order.fees_charged += request.fee
    order.reminded_day_at = order.reminded_hour_at = None
    order.save(update_fields=["hold_id", "starts_at", "ends_at", "fees_charged", "reminded_day_at",
                              "reminded_hour_at", "updated_at"])
    if worker_changed:
        order.worker = None  # the rows already name the new worker: reassign just records and tells
        give_to_worker(actor=actor, role=Role.SYSTEM, order=order, worker_id=request.worker_id, now=now)


def reschedule_order(*, actor: User, order: Order, start: datetime, reason: str,
                     now: datetime | None = None) -> Order:
    """The office moves the visit (no approval; both sides are told)."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = lock_order(order.pk)
        ctx = Context(role=Role.OFFICE, now=now, reason=reason)
        find_transition(locked.status, "reschedule", ctx, locked)
        withdraw_pending_requests(actor=actor, order=locked, now=now, role=Role.OFFICE)
        hold = _hold_new_time(actor=actor, order=locked, start=start, workers=None, now=now)
        row = RescheduleRequest.objects.create(
            order=locked, requested_by=Role.OFFICE, requester=actor, starts_at=hold.start, ends_at=hold.end,
            hold_id=hold.hold_id, worker_id=hold.worker_ids[0], fee=0, reason=reason,
            status=RescheduleStatus.APPROVED)
        _move(actor=actor, order=locked, request=row, now=now)
        apply_transition(actor=actor, order=locked, action="reschedule", ctx=ctx,
                         data={"start": hold.start.isoformat(), "worker": hold.worker_ids[0]})
        tell(actor=actor, order=locked, kind="order.reschedule_approved",
             to=[customer_user_id(locked), worker_user_id(locked)])
    return locked


def withdraw_pending_requests(*, actor: User | SystemActor, order: Order, now: datetime,
                              role: str = Role.SYSTEM) -> int:
    """Release the held times of the order's open requests (when it is cancelled or moved by the
    office). Expects the order's lock."""
    count = 0
    for row in lock_pending_reschedule_requests(order.pk):
        release_assignments(actor=actor, hold_id=row.hold_id, holds_only=True)
        row.status = RescheduleStatus.WITHDRAWN
        row.save(update_fields=["status", "updated_at"])
        apply_transition(actor=actor, order=order, action="withdraw_reschedule", ctx=Context(role=role, now=now),
                         data={"request": row.pk})
        count += 1
    return count
