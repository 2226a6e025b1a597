"""Who may see what of an order's timeline: one table, next to the state machine, read by every
timeline (the customer's, the worker's and the office's pages, and the API).

Each event type (an action of machine.TRANSITIONS) names the audiences who see the event, those
who also see its reason (an office's reason for reassigning, a worker's for declining, stay with the
office), and those who see its data (worker ids, distances). A new action without a row here fails
the tests, so nothing reaches a customer by default.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .models import Order, OrderEvent, OrderStatus

CUSTOMER = "customer"
WORKER = "worker"
OFFICE = "office"
AUDIENCES = (CUSTOMER, WORKER, OFFICE)


@dataclass(frozen=True)
class EventVisibility:
    seen_by: frozenset[str]
    reason_seen_by: frozenset[str]
    data_seen_by: frozenset[str] = frozenset({OFFICE})


def _rule(seen_by: str, reason_seen_by: str = "", data_seen_by: str = "O") -> EventVisibility:
    letters = {"C": CUSTOMER, "W": WORKER, "O": OFFICE}
    return EventVisibility(frozenset(letters[x] for x in seen_by), frozenset(letters[x] for x in reason_seen_by),
                           frozenset(letters[x] for x in data_seen_by))


# C: the customer, W: the worker on the task, O: the office. The office sees everything.
EVENT_VISIBILITY: dict[str, EventVisibility] = {
    "book": _rule("CWO", "CO"),
    "choose_pay_on_site": _rule("CWO", "CO"),
    # An after-sales follow-up visit: the customer reads why (the case's remedy), the worker too.
    "book_follow_up": _rule("CWO", "CWO"),
    # The worker found nobody at the address: everyone reads it; where the phone was stays the office's.
    "customer_no_show": _rule("CWO", "CWO"),
    "pay": _rule("CO", "CO"),
    "expire": _rule("CO", "CO"),
    # Dispatching is the office's business: the customer hears of a worker once one accepts.
    "assign": _rule("WO", "O"),
    "reassign": _rule("WO", "O"),
    "accept": _rule("CWO", "CWO"),
    "decline": _rule("O", "O"),
    "depart": _rule("CWO", "CWO", "CWO"),
    "arrive": _rule("CWO", "WO", "WO"),
    "start_service": _rule("CWO", "WO"),
    "complete": _rule("CWO", "CWO", "WO"),
    "review": _rule("CWO", "CWO"),
    # The customer is told why the office cancelled (the notification says it too).
    "cancel": _rule("CWO", "CO"),
    "dispute": _rule("CO", "CO"),
    "resolve": _rule("CO", "CO"),
    "refund": _rule("CO", "CO"),
    # A request to move is written for the other side to read.
    "request_reschedule": _rule("CWO", "CWO"),
    "approve_reschedule": _rule("CWO", "CWO"),
    "decline_reschedule": _rule("CWO", "CWO"),
    "withdraw_reschedule": _rule("CWO", "CWO"),
    "reschedule": _rule("CWO", "O"),
    "raise_exception": _rule("O", "O"),
    # A worker who left is released from the order; the office re-offers it (the customer hears of
    # the next worker once one accepts, as after any assignment).
    "release": _rule("O", "O"),
    # An offer that lapsed unanswered moves on to the next worker: the office's business.
    "expire_offer": _rule("O", "O"),
}

# The states in which a worker has said yes: only then does the customer see who is coming.
WORKER_CONFIRMED_STATES = frozenset({
    OrderStatus.ACCEPTED, OrderStatus.ON_THE_WAY, OrderStatus.ARRIVED, OrderStatus.IN_SERVICE,
    OrderStatus.COMPLETED, OrderStatus.REVIEWED, OrderStatus.DISPUTED,
})


def visibility_of(action: str) -> EventVisibility:
    """The rule for `action`; an action nobody wrote a rule for is the office's alone."""
    return EVENT_VISIBILITY.get(action, EventVisibility(frozenset({OFFICE}), frozenset({OFFICE})))


@dataclass(frozen=True)
class VisibleEvent:
    """An event as one audience may read it."""

    event: OrderEvent
    reason: str
    data: dict
    shows_actor: bool


def visible_events(events: Iterable[OrderEvent], audience: str) -> list[VisibleEvent]:
    """The events `audience` may see, oldest first, with the reason and data blanked where theirs is not to read."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}")
    shown = []
    for event in events:
        rule = visibility_of(event.action)
        if audience not in rule.seen_by:
            continue
        shown.append(VisibleEvent(
            event=event, reason=event.reason if audience in rule.reason_seen_by else "",
            data=event.data if audience in rule.data_seen_by else {}, shows_actor=audience == OFFICE))
    return shown


def customer_sees_worker(order: Order) -> bool:
    return bool(order.worker_id) and order.status in WORKER_CONFIRMED_STATES
