"""The order lifecycle through its services: happy path, cancel fees, decline and re-offer, moves."""
from __future__ import annotations

import pytest

from shared_apps.core.actor import SYSTEM
from shared_apps.core.errors import DomainError
from shared_apps.notifications.models import Outbox
from tenant_apps.orders.models import Order, OrderStatus
from tenant_apps.orders.selectors import cancellation_fee_of
from tenant_apps.orders.services import booking, dispatch, lifecycle, reschedule
from tenant_apps.scheduling.models import Assignment, AssignmentStatus
from tests.workforce.builders import SHANGHAI


def actions(order):
    return [e.action for e in order.events.order_by("created_at", "id")]


def test_an_order_walks_the_happy_path(world):
    people = world.people
    order = world.book()
    assert order.status == OrderStatus.PENDING_PAYMENT
    order = booking.mark_order_paid(actor=SYSTEM, order=order, reference="pay-1")
    assert order.status == OrderStatus.ASSIGNED
    worker = order.worker
    w_user = worker.staff_member.user
    order = lifecycle.accept_task(actor=w_user, worker=worker, order=order)
    order = lifecycle.set_off(actor=w_user, worker=worker, order=order, eta_minutes=20)
    order = lifecycle.arrive(actor=w_user, worker=worker, order=order, location=(SHANGHAI.latitude,
                                                                                 SHANGHAI.longitude))
    order = lifecycle.start_service(actor=w_user, worker=worker, order=order, now=order.starts_at)
    order = lifecycle.complete_task(actor=w_user, worker=worker, order=order, note="All clean", now=order.ends_at)
    order = booking.review_order(actor=people.customer_a, order=order, comment="Great")
    assert order.status == OrderStatus.REVIEWED
    assert actions(order) == ["book", "pay", "assign", "accept", "depart", "arrive", "start_service", "complete",
                              "review"]
    assert Assignment.objects.get(hold_id=order.hold_id).status == AssignmentStatus.BOOKED
    kinds = list(Outbox.objects.filter(context__data__order_id=order.pk).values_list("kind", flat=True))
    assert kinds == ["order.booked", "order.paid", "order.assigned", "order.accepted", "order.on_the_way",
                     "order.arrived", "order.completed"]


def test_cancel_fee_previewed_equals_fee_charged_and_a_changed_fee_is_refused(world):
    order = booking.mark_order_paid(actor=SYSTEM, order=world.book())
    fee = cancellation_fee_of(order=order, role="customer")
    assert fee == 0  # three days ahead
    with pytest.raises(DomainError) as caught:
        lifecycle.cancel_order(actor=world.people.customer_a, order=order, role="customer", expected_fee=5)
    assert caught.value.code == "fee_changed"
    order = lifecycle.cancel_order(actor=world.people.customer_a, order=order, role="customer", expected_fee=fee)
    assert order.status == OrderStatus.CANCELLED
    assert not Assignment.objects.filter(hold_id=order.hold_id, status__in=["hold", "booked"]).exists()


def test_decline_frees_the_worker_and_reoffers_to_the_other(world):
    order = booking.mark_order_paid(actor=SYSTEM, order=world.book())
    first = order.worker
    order = lifecycle.decline_task(actor=first.staff_member.user, worker=first, order=order, reason="Too far")
    assert order.status == OrderStatus.ASSIGNED
    assert order.worker_id != first.pk
    assert actions(order)[-3:] == ["assign", "decline", "assign"]


def test_worker_asks_to_move_and_the_customer_approves(world):
    order = booking.mark_order_paid(actor=SYSTEM, order=world.book())
    worker = order.worker
    order = lifecycle.accept_task(actor=worker.staff_member.user, worker=worker, order=order)
    new_start = world.start(15)
    request = reschedule.request_reschedule(actor=worker.staff_member.user, order=order, role="worker",
                                            start=new_start, expected_fee=0, worker_id=worker.pk, reason="Traffic")
    order = reschedule.answer_reschedule(actor=world.people.customer_a, order=order, request=request,
                                         role="customer", approve=True)
    assert order.starts_at == new_start
    assert order.status == OrderStatus.ACCEPTED
    assert Assignment.objects.filter(hold_id=order.hold_id, status="booked", worker=worker).exists()


def test_office_reassign_to_a_busy_worker_is_refused(world):
    a = booking.mark_order_paid(actor=SYSTEM, order=world.book(workers=(world.worker1.pk,)))
    b = booking.mark_order_paid(actor=SYSTEM, order=world.book(workers=(world.worker2.pk,), again=True))
    with pytest.raises(DomainError) as caught:
        dispatch.assign_worker(actor=world.people.owner_a, order=b, worker_id=world.worker1.pk)
    assert caught.value.code == "worker_busy"
    assert a.worker_id == world.worker1.pk


def test_a_restricted_customer_cannot_place_an_order(world):
    from shared_apps.accounts.services import set_user_status

    set_user_status(actor=world.people.operator, user=world.people.customer_a, status="restricted",
                    reason="chargebacks")
    world.people.customer_a.refresh_from_db()

    with pytest.raises(DomainError) as caught:
        world.book()

    assert (caught.value.code, caught.value.status) == ("account_restricted", 403)


def test_a_contact_phone_that_is_not_a_number_is_a_field_error(world, monkeypatch):
    from tenant_apps.orders.services import booking as booking_module

    real = booking_module.book_order

    def with_bad_phone(**kwargs):
        from dataclasses import replace

        return real(**{**kwargs, "details": replace(kwargs["details"], contact_phone="call me maybe")})

    monkeypatch.setattr(booking_module, "book_order", with_bad_phone)
    with pytest.raises(DomainError) as caught:
        world.book()

    assert "contact_phone" in caught.value.fields


def test_the_same_visit_booked_twice_is_refused_unless_meant(world):
    first = world.book(workers=(world.worker1.pk,))
    with pytest.raises(DomainError) as caught:
        world.book(workers=(world.worker2.pk,))
    assert caught.value.code == "duplicate_order" and caught.value.extra == {"order": first.pk}
    assert Order.objects.filter(customer=world.customer).count() == 1


def test_reassigning_to_the_worker_who_has_it_writes_nothing(world):
    from shared_apps.notifications.models import Outbox

    order = booking.mark_order_paid(actor=SYSTEM, order=world.book(workers=(world.worker1.pk,)))
    events, sent = order.events.count(), Outbox.objects.count()
    with pytest.raises(DomainError) as caught:
        dispatch.assign_worker(actor=world.people.owner_a, order=order, worker_id=world.worker1.pk)
    assert caught.value.code == "nothing_changed" and caught.value.status == 409
    assert order.events.count() == events and Outbox.objects.count() == sent
