"""Who sees which timeline event: the one table (orders/visibility.py) covers every event type, and
the customer's page and API never show an office's or a worker's internal reasons, nor a worker
before one has accepted."""
from __future__ import annotations

import pytest

from shared_apps.core.actor import SYSTEM
from tenant_apps.orders.machine import ACTIONS
from tenant_apps.orders.models import OrderEvent
from tenant_apps.orders.services import booking, dispatch, lifecycle
from tenant_apps.orders.visibility import CUSTOMER, EVENT_VISIBILITY, OFFICE, WORKER, visible_events
from tests.orders.conftest import World

# What the customer may see, and whose reason they may read, per event type. A new event type
# must be added here and in the table, deliberately.
CUSTOMER_SEES = {
    "book": True, "choose_pay_on_site": True, "pay": True, "expire": True, "assign": False, "reassign": False,
    "accept": True, "decline": False, "depart": True, "arrive": True, "start_service": True, "complete": True,
    "review": True, "cancel": True, "dispute": True, "resolve": True, "refund": True, "request_reschedule": True,
    "approve_reschedule": True, "decline_reschedule": True, "withdraw_reschedule": True, "reschedule": True,
    "raise_exception": False, "release": False, "expire_offer": False,
    "book_follow_up": True,  # the no-charge visit an after-sales case booked: everyone reads why
    "customer_no_show": True,  # the worker found nobody there: the customer reads it (and the fee)
}
CUSTOMER_READS_REASON = {"book", "choose_pay_on_site", "pay", "expire", "accept", "depart", "complete", "review",
                         "cancel", "dispute", "resolve", "refund", "request_reschedule", "approve_reschedule",
                         "decline_reschedule", "withdraw_reschedule", "book_follow_up",
                         "customer_no_show"}
WORKER_SEES = {"book", "choose_pay_on_site", "assign", "reassign", "accept", "depart", "arrive", "start_service",
               "complete", "review", "cancel", "request_reschedule", "approve_reschedule", "decline_reschedule",
               "withdraw_reschedule", "reschedule", "book_follow_up", "customer_no_show"}
WORKER_READS_REASON = {"accept", "depart", "arrive", "start_service", "complete", "review", "request_reschedule",
                       "approve_reschedule", "decline_reschedule", "withdraw_reschedule", "book_follow_up",
                       "customer_no_show"}


def test_every_event_type_has_exactly_one_rule():
    assert set(EVENT_VISIBILITY) == set(ACTIONS) == set(CUSTOMER_SEES)


@pytest.mark.parametrize("action", sorted(ACTIONS))
def test_each_event_type_reaches_whom_it_should(action):
    event = OrderEvent(action=action, reason="private words", data={"worker": 7})
    seen = {audience: visible_events([event], audience) for audience in (CUSTOMER, WORKER, OFFICE)}

    assert len(seen[OFFICE]) == 1 and seen[OFFICE][0].reason == "private words" and seen[OFFICE][0].data
    assert bool(seen[CUSTOMER]) == CUSTOMER_SEES[action]
    if seen[CUSTOMER]:
        assert (seen[CUSTOMER][0].reason == "private words") == (action in CUSTOMER_READS_REASON)
        assert not seen[CUSTOMER][0].shows_actor
    assert bool(seen[WORKER]) == (action in WORKER_SEES)
    if seen[WORKER]:
        assert (seen[WORKER][0].reason == "private words") == (action in WORKER_READS_REASON)


def test_an_unknown_audience_is_a_programming_error():
    with pytest.raises(ValueError):
        visible_events([], "visitor")


@pytest.fixture
def world(people):
    return World(people)


def _reassigned_then_declined(world):
    """Paid, offered to worker 1, moved by the office to worker 2 with a reason, declined by worker 2."""
    order = booking.mark_order_paid(actor=SYSTEM, order=world.book(workers=(world.worker1.pk,)))
    order = dispatch.assign_worker(actor=world.people.owner_a, order=order, worker_id=world.worker2.pk,
                                   reason="Customer complained about One")
    return lifecycle.decline_task(actor=world.worker2.staff_member.user, worker=world.worker2, order=order,
                                  reason="My back hurts")


def test_the_customers_page_and_api_show_no_internal_reason_and_no_unconfirmed_worker(world, page_client,
                                                                                     client_for):
    order = _reassigned_then_declined(world)
    assert order.status == "assigned" and order.worker_id == world.worker1.pk  # offered again, not accepted

    page = page_client(world.company, world.people.customer_a).get(f"/orders/{order.pk}/").content.decode()
    for secret in ("Customer complained", "My back hurts", "Worker declined", "Your worker"):
        assert secret not in page
    assert "Order placed" in page and "Paid" in page

    body = client_for(world.company, world.people.customer_a).get(f"/api/v1/orders/{order.pk}/").json()
    assert body["worker"] is None
    assert [e["action"] for e in body["timeline"]] == ["book", "pay"]
    assert all(e["actor_name"] == "" for e in body["timeline"])

    office = page_client(world.company, world.people.owner_a).get(f"/office/orders/{order.pk}/").content.decode()
    for secret in ("Customer complained", "My back hurts", "Worker declined"):
        assert secret in office
    office_api = client_for(world.company, world.people.owner_a).get(f"/api/v1/office/orders/{order.pk}/").json()
    assert "My back hurts" in [e["reason"] for e in office_api["timeline"]]


def test_the_customer_sees_their_worker_once_they_accept(world, page_client, client_for):
    order = booking.mark_order_paid(actor=SYSTEM, order=world.book(workers=(world.worker1.pk,)))
    client = page_client(world.company, world.people.customer_a)
    assert "Your worker" not in client.get(f"/orders/{order.pk}/").content.decode()

    lifecycle.accept_task(actor=world.worker1.staff_member.user, worker=world.worker1, order=order)
    assert "Your worker: One" in client.get(f"/orders/{order.pk}/").content.decode()
    body = client_for(world.company, world.people.customer_a).get(f"/api/v1/orders/{order.pk}/").json()
    assert body["worker"]["id"] == world.worker1.pk
    assert "Worker accepted" in [e["label"] for e in body["timeline"]]


def test_the_worker_does_not_read_the_offices_reason_for_giving_them_the_task(world, page_client):
    order = booking.mark_order_paid(actor=SYSTEM, order=world.book(workers=(world.worker1.pk,)))
    dispatch.assign_worker(actor=world.people.owner_a, order=order, worker_id=world.worker2.pk,
                           reason="One is too slow")
    page = page_client(None, world.worker2.staff_member.user).get(
        f"/worker/tasks/{world.company.pk}/{order.pk}/").content.decode()
    assert "Offered to another worker" in page and "One is too slow" not in page
