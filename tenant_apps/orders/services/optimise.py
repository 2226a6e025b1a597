"""Applying a day's optimised plan (orders.optimise.optimise_day): every move in one transaction
through the dispatch service, or none. A move is refused when its order changed since the plan
(another status, worker or time) or its new worker turned out busy; then nothing is applied and
the message says which order and why, so the dispatcher plans again. Starts never change, so no
customer is told anything; the workers hear of the jobs given to or taken from them as with any
assignment."""
from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User
from shared_apps.changes.services import record_change
from shared_apps.core.errors import DomainError, ValidationFailed

from ..assignments import order_rows
from ..errors import OrderError
from ..locks import lock_order, lock_order_if_any
from ..machine import Role
from ..models import Order, OrderStatus
from .dispatch import give_to_worker

MOVABLE = (OrderStatus.PENDING_DISPATCH, OrderStatus.ASSIGNED)
MAX_MOVES = 500


def _outdated(order_id: int, why: str) -> DomainError:
    message = _("Nothing was applied: order #%(order)s %(why)s. Plan the day again.") % {"order": order_id, "why": why}
    return DomainError(OrderError.PLAN_OUTDATED, message, status=409, fields={"moves": [message]})


def _parse(moves: list[dict]) -> list[tuple[int, int | None, int, datetime]]:
    parsed = []
    for move in moves:
        try:
            starts_at = parse_datetime(str(move["starts_at"]))
            parsed.append((int(move["order"]), None if move.get("from_worker") in (None, "") else
                           int(move["from_worker"]), int(move["to_worker"]), starts_at))
        except (KeyError, TypeError, ValueError):
            parsed.append(None)
        if parsed[-1] is None or parsed[-1][3] is None:
            raise ValidationFailed({"moves": [_("Each move needs an order, a worker and the planned start.")]})
    if len({p[0] for p in parsed}) != len(parsed):
        raise ValidationFailed({"moves": [_("An order appears twice in the plan.")]})
    return parsed


def apply_plan(*, actor: User, moves: list[dict], day: str = "", now: datetime | None = None) -> list[Order]:
    """Apply the plan's moves (optimise_day(...).payload()["moves"]) all together, or none
    (plan_outdated, 409, with the order that changed). Returns the orders as they are now."""
    now = now or timezone.now()
    if not moves:
        raise ValidationFailed({"moves": [_("The plan moves nothing.")]})
    if len(moves) > MAX_MOVES:
        raise ValidationFailed({"moves": [_("A plan moves at most %(n)s orders.") % {"n": MAX_MOVES}]})
    parsed = _parse(moves)
    with transaction.atomic():
        locked: dict[int, Order] = {}
        for order_id, from_worker, _to, starts_at in sorted(parsed):  # the locks in id order
            order = lock_order_if_any(order_id=order_id)
            if order is None:
                raise _outdated(order_id, _("no longer exists"))
            if order.status not in MOVABLE:
                raise _outdated(order_id, _("is no longer waiting or only offered (it is %(status)s)") % {
                    "status": order.get_status_display()})
            if order.worker_id != from_worker:
                raise _outdated(order_id, _("went to another worker meanwhile"))
            if order.starts_at != starts_at:
                raise _outdated(order_id, _("was moved to another time"))
            locked[order_id] = order
        waiting = list(parsed)
        while waiting:  # a move can need a worker another move frees: try again after progress
            refused: list[tuple] = []
            errors: list[DomainError] = []
            for move in waiting:
                order_id, _from, to_worker, _start = move
                try:
                    with transaction.atomic():
                        order = lock_order(order_id)
                        held = [w for w in order_rows(order).values_list("worker_id", flat=True)]
                        give_to_worker(actor=actor, role=Role.OFFICE, order=order, worker_id=to_worker,
                                       reason=_("Optimised day"), now=now,
                                       replacing=held[0] if held and order.worker_id is None else None)
                except DomainError as error:
                    if error.status == 404:
                        raise
                    refused.append(move)
                    errors.append(error)
            if len(refused) == len(waiting):
                raise _outdated(refused[0][0], _("could not be given to the planned worker (%(why)s)") % {
                    "why": errors[0].message})
            waiting = refused
        record_change(actor=actor, action="orders.day_optimised", data={
            "day": day, "moves": [{"order": o, "from_worker": f, "to_worker": t} for o, f, t, _s in parsed]})
    return list(Order.objects.filter(pk__in=locked).order_by("starts_at", "id"))
