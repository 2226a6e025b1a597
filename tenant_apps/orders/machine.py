"""The order state machine: one table of transitions as data, and the one function that applies a
row of it (status, event, in the caller's transaction).

Each row: the action, the states it may start from, the state it leads to (None: the status stays,
as for reschedule requests), who may do it, and a guard that says why not. The API answers an
illegal move with 409 and the reason; a role that may never do the action gets 403.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shared_apps.accounts.models import User
from shared_apps.core.actor import SystemActor
from shared_apps.core.company import company_time_zone
from shared_apps.core.errors import DomainError, PermissionDenied
from shared_apps.core.queries import update_rows

from .errors import OrderError
from .models import Order, OrderEvent, OrderStatus, PaymentMethod, RescheduleStatus

S = OrderStatus


class Role:
    CUSTOMER = "customer"
    WORKER = "worker"
    OFFICE = "office"
    SYSTEM = "system"


@dataclass(frozen=True)
class Context:
    """What a guard may look at besides the order."""

    role: str
    now: datetime
    worker_id: int | None = None  # the acting worker's profile id
    reason: str = ""
    data: dict[str, Any] = field(default_factory=dict)


Guard = Callable[[Order, Context], str | None]


def _always(order: Order, ctx: Context) -> str | None:
    return None


def _own_task(order: Order, ctx: Context) -> str | None:
    if ctx.role == Role.WORKER and order.worker_id != ctx.worker_id:
        return _("This task is not yours.")
    return None


def _needs_reason(order: Order, ctx: Context) -> str | None:
    if ctx.role in (Role.OFFICE, Role.WORKER) and not ctx.reason.strip():
        return _("Give a reason.")
    return None


def _own_task_with_reason(order: Order, ctx: Context) -> str | None:
    return _own_task(order, ctx) or _needs_reason(order, ctx)


EARLY_NEEDS_REASON = timedelta(days=1)


def _when(order: Order) -> str:
    local = order.starts_at.astimezone(ZoneInfo(company_time_zone()))
    return formats.date_format(local, "DATETIME_FORMAT")


def _early_reason_given(order: Order, ctx: Context) -> str | None:
    """A day or more before the visit is due, starting or finishing it needs a reason (the page warns first)."""
    if ctx.now <= order.starts_at - EARLY_NEEDS_REASON and not str(ctx.data.get("early_reason", "")).strip():
        return _("This visit is due on %(when)s, a day or more from now: give a reason to mark it now.") % {
            "when": _when(order)}
    return None


def _start_not_too_early(order: Order, ctx: Context) -> str | None:
    why = _own_task(order, ctx)
    if why:
        return why
    window = ctx.data.get("early_start_minutes")
    if window is not None and ctx.now < order.starts_at - timedelta(minutes=int(window)):
        return _("Too early to start: this visit is due on %(when)s, and it can be started at most %(minutes)d "
                 "minutes before.") % {"when": _when(order), "minutes": int(window)}
    return _early_reason_given(order, ctx)


def _finish_not_too_early(order: Order, ctx: Context) -> str | None:
    return _own_task(order, ctx) or _early_reason_given(order, ctx)


def has_pending_reschedule(order: Order) -> bool:
    """Read from the selectors' annotation when the order came from a list (no query per order);
    asked of the database otherwise (a locked order in a service)."""
    known = getattr(order, "has_pending_reschedule", None)
    if known is not None:
        return known
    return order.reschedule_requests.filter(status=RescheduleStatus.PENDING).exists()


def _no_pending_reschedule(order: Order, ctx: Context) -> str | None:
    if has_pending_reschedule(order):
        return _("A request to move this order is waiting for an answer.")
    return _own_task(order, ctx)


def _pay_on_site_allowed(order: Order, ctx: Context) -> str | None:
    if not ctx.data.get("allow_pay_on_site"):
        return _("This company does not take payment on site.")
    return None


def _unpaid_past_limit(order: Order, ctx: Context) -> str | None:
    if order.pay_by is None or ctx.now < order.pay_by:
        return _("The time to pay has not run out yet.")
    return None


def _has_worker(order: Order, ctx: Context) -> str | None:
    if not ctx.data.get("worker_id"):
        return _("Choose a worker.")
    return None


def _was_paid(order: Order, ctx: Context) -> str | None:
    if order.paid_at is None or order.payment_method != PaymentMethod.ONLINE:
        return _("Nothing was paid online, so there is nothing to refund.")
    return _needs_reason(order, ctx)


def _answers_other_side(order: Order, ctx: Context) -> str | None:
    requested_by = ctx.data.get("requested_by")
    if requested_by == ctx.role:
        return _("The other side approves a request to move the visit.")
    if ctx.role == Role.WORKER:
        return _own_task(order, ctx)
    return None


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str | None
    roles: frozenset[str]
    guard: Guard = _always
    label: Any = ""


def _t(action, sources, target, roles, guard=_always, label="") -> Transition:
    return Transition(action, frozenset(sources), target, frozenset(roles), guard, label)


BEFORE_VISIT = (S.PENDING_DISPATCH, S.ASSIGNED, S.ACCEPTED)
C, W, OF, Y = Role.CUSTOMER, Role.WORKER, Role.OFFICE, Role.SYSTEM

TRANSITIONS: tuple[Transition, ...] = (
    _t("book", ("",), S.PENDING_PAYMENT, {C}, label=gettext_lazy("Order placed")),
    # A follow-up visit at no charge (an after-sales remedy): booked by the office, nothing to pay.
    _t("book_follow_up", ("",), S.PENDING_DISPATCH, {OF}, label=gettext_lazy("Follow-up visit booked")),
    _t("choose_pay_on_site", (S.PENDING_PAYMENT,), S.PENDING_DISPATCH, {C}, _pay_on_site_allowed,
       gettext_lazy("Paying on site")),
    _t("pay", (S.PENDING_PAYMENT,), S.PENDING_DISPATCH, {OF, Y}, label=gettext_lazy("Paid")),
    _t("expire", (S.PENDING_PAYMENT,), S.CANCELLED, {Y}, _unpaid_past_limit, gettext_lazy("Not paid in time")),
    _t("assign", (S.PENDING_DISPATCH,), S.ASSIGNED, {OF, Y}, _has_worker, gettext_lazy("Offered to a worker")),
    _t("reassign", (S.ASSIGNED, S.ACCEPTED), S.ASSIGNED, {OF, Y}, _has_worker,
       gettext_lazy("Offered to another worker")),
    _t("release", (S.ASSIGNED, S.ACCEPTED), S.PENDING_DISPATCH, {OF, Y}, label=gettext_lazy("Worker left")),
    _t("expire_offer", (S.ASSIGNED,), S.PENDING_DISPATCH, {Y}, label=gettext_lazy("Offer ran out")),
    _t("accept", (S.ASSIGNED,), S.ACCEPTED, {W}, _own_task, gettext_lazy("Worker accepted")),
    _t("decline", (S.ASSIGNED, S.ACCEPTED), S.PENDING_DISPATCH, {W}, _own_task_with_reason,
       gettext_lazy("Worker declined")),
    _t("depart", (S.ACCEPTED,), S.ON_THE_WAY, {W}, _no_pending_reschedule, gettext_lazy("On the way")),
    _t("arrive", (S.ON_THE_WAY,), S.ARRIVED, {W}, _own_task, gettext_lazy("Arrived")),
    # The worker waited at the address and nobody was there: cancelled with the no-show fee. The location
    # evidence and the wait are checked by the service (lifecycle.mark_customer_not_there, no_show.py).
    _t("customer_no_show", (S.ARRIVED,), S.CANCELLED, {W}, _own_task, gettext_lazy("Customer not there")),
    _t("start_service", (S.ARRIVED,), S.IN_SERVICE, {W}, _start_not_too_early, gettext_lazy("Service started")),
    _t("complete", (S.IN_SERVICE,), S.COMPLETED, {W}, _finish_not_too_early, gettext_lazy("Service done")),
    _t("review", (S.COMPLETED,), S.REVIEWED, {C}, label=gettext_lazy("Reviewed")),
    _t("cancel", (S.PENDING_PAYMENT, *BEFORE_VISIT, S.ON_THE_WAY), S.CANCELLED, {C},
       label=gettext_lazy("Cancelled by the customer")),
    _t("cancel", (S.PENDING_PAYMENT, *BEFORE_VISIT, S.ON_THE_WAY, S.ARRIVED, S.IN_SERVICE), S.CANCELLED, {OF},
       _needs_reason, gettext_lazy("Cancelled by the office")),
    _t("dispute", (S.COMPLETED, S.REVIEWED), S.DISPUTED, {C, OF}, label=gettext_lazy("Disputed")),
    _t("resolve", (S.DISPUTED,), S.COMPLETED, {OF}, _needs_reason, gettext_lazy("Dispute resolved")),
    _t("refund", (S.CANCELLED, S.DISPUTED, S.COMPLETED), S.REFUNDED, {OF, Y}, _was_paid, gettext_lazy("Refunded")),
    _t("request_reschedule", BEFORE_VISIT, None, {C}, _no_pending_reschedule,
       gettext_lazy("Asked to move the visit")),
    _t("request_reschedule", (S.ASSIGNED, S.ACCEPTED), None, {W}, _no_pending_reschedule,
       gettext_lazy("Asked to move the visit")),
    _t("approve_reschedule", BEFORE_VISIT, None, {C, W, OF}, _answers_other_side,
       gettext_lazy("Move approved")),
    _t("decline_reschedule", BEFORE_VISIT, None, {C, W, OF}, _answers_other_side,
       gettext_lazy("Move declined")),
    _t("withdraw_reschedule", BEFORE_VISIT, None, {C, W, OF, Y}, label=gettext_lazy("Move withdrawn")),
    _t("reschedule", (S.PENDING_PAYMENT, *BEFORE_VISIT), None, {OF}, _needs_reason, gettext_lazy("Moved")),
    _t("raise_exception", tuple(S.values), None, {Y}, label=gettext_lazy("Flagged for the office")),
)

ACTIONS = frozenset(t.action for t in TRANSITIONS)
ACTIVE_STATES = frozenset({S.PENDING_PAYMENT, S.PENDING_DISPATCH, S.ASSIGNED, S.ACCEPTED, S.ON_THE_WAY, S.ARRIVED,
                           S.IN_SERVICE})
FINAL_STATES = frozenset(S.values) - ACTIVE_STATES


def find_transition(status: str, action: str, ctx: Context, order: Order | None = None) -> Transition:
    """The row for doing `action` from `status` as `ctx.role`, its guard passed; or the reason why not:
    403 for a role that may never do it, 409 (illegal_transition) otherwise."""
    rows = [t for t in TRANSITIONS if t.action == action]
    if not rows:
        raise ValueError(f"unknown action {action!r}")
    mine = [t for t in rows if ctx.role in t.roles]
    if not mine:
        raise PermissionDenied(_("You cannot %(action)s this order.") % {"action": _humane(action)})
    row = next((t for t in mine if status in t.sources), None)
    if row is None:
        raise DomainError(OrderError.ILLEGAL_TRANSITION, _(
            "You cannot %(action)s an order that is %(status)s.") % {
            "action": _humane(action), "status": _status_label(status)},
            status=409, extra={"status": status, "action": action})
    why = row.guard(order, ctx) if order is not None else None
    if why:
        raise DomainError(OrderError.ILLEGAL_TRANSITION, why, status=409, extra={"status": status, "action": action})
    return row


def allowed_actions(order: Order, ctx: Context) -> list[str]:
    """The actions `ctx.role` could take now (shown as buttons; the guard decides again on submit)."""
    found = []
    # Reasons and the chosen worker come with the request: do not hide an action for their absence.
    ctx = Context(role=ctx.role, now=ctx.now, worker_id=ctx.worker_id, reason=ctx.reason or "-",
                  data={"worker_id": ctx.worker_id or 1, "early_reason": "-", **ctx.data})
    for t in TRANSITIONS:
        if ctx.role in t.roles and order.status in t.sources and t.action not in found:
            if not t.guard(order, ctx):
                found.append(t.action)
    return found


def apply_transition(*, actor: User | SystemActor, order: Order, action: str, ctx: Context,
                     location: tuple[float, float] | None = None, data: dict[str, Any] | None = None,
                     update_fields: tuple[str, ...] = ()) -> OrderEvent:
    """Check the move on the locked `order`, set its new status, save `update_fields` with it and
    append the event. Expects the order's lock (locks.lock_order) and the caller's transaction."""
    row = find_transition(order.status, action, ctx, order)
    before = order.status
    fields = set(update_fields)
    if row.target is not None and row.target != order.status:
        order.status = row.target
        fields.add("status")
    if fields:
        order.save(update_fields=sorted(fields | {"updated_at"}))
    return record_event(actor=actor, order=order, action=action, role=ctx.role, reason=ctx.reason,
                        from_status=before, location=location, data=data)


def apply_transitions(*, actor: User | SystemActor, action: str,
                      moves: Sequence[tuple[Order, Context, dict[str, Any]]],
                      update_fields: tuple[str, ...] = ()) -> list[OrderEvent]:
    """apply_transition for many locked orders taking the same action (a batch of automatic offers):
    each move checked as apply_transition checks it, then one UPDATE of the orders and one INSERT of
    their events. Each move: (order, its context, the event's data). All or nothing: a move that is
    not allowed raises before anything is written. Expects the orders' locks and the caller's
    transaction."""
    checked = []
    for order, ctx, data in moves:
        row = find_transition(order.status, action, ctx, order)
        checked.append((order, ctx, data, order.status, row.target))
    stamp = timezone.now()
    for order, _ctx, _data, _before, target in checked:
        if target is not None:
            order.status = target
        order.updated_at = stamp
    update_rows([order for order, *_rest in checked], sorted({"status", *update_fields, "updated_at"}))
    user = actor if isinstance(actor, User) and actor.pk else None
    return OrderEvent.objects.bulk_create([
        OrderEvent(order=order, action=action, from_status=before, to_status=order.status, actor=user,
                   actor_name="" if user else str(actor)[:40], actor_role=ctx.role, reason=ctx.reason[:2000],
                   data=data or {})
        for order, ctx, data, before, _target in checked])


def record_event(*, actor: User | SystemActor, order: Order, action: str, role: str, reason: str = "",
                 from_status: str = "", location: tuple[float, float] | None = None,
                 data: dict[str, Any] | None = None) -> OrderEvent:
    lat = lng = None
    if location is not None:
        lat, lng = (Decimal(str(round(v, 6))) for v in location)
    user = actor if isinstance(actor, User) and actor.pk else None
    return OrderEvent.objects.create(
        order=order, action=action, from_status=from_status, to_status=order.status, actor=user,
        actor_name="" if user else str(actor)[:40], actor_role=role, reason=reason[:2000], latitude=lat,
        longitude=lng, data=data or {},
    )


def label_of(action: str) -> str:
    row = next((t for t in TRANSITIONS if t.action == action), None)
    return str(row.label) if row is not None and row.label else _humane(action)


def _humane(action: str) -> str:
    return action.replace("_", " ")


def _status_label(status: str) -> str:
    return str(OrderStatus(status).label).lower() if status in OrderStatus.values else (status or "new")
