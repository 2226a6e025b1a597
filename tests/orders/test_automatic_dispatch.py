"""Automatic dispatch (a company setting): a paid order is offered to the best candidate for N
minutes; a decline or a lapsed offer moves it to the next; nobody left raises an office exception;
workers in their quiet hours are skipped, and when everyone is quiet the order waits for the sweep."""
from __future__ import annotations

from datetime import time, timedelta

from django.utils import timezone

from shared_apps.core.actor import SYSTEM
from tenant_apps.orders.models import ExceptionKind, Order, OrderException, OrderStatus
from tenant_apps.orders.services import booking, dispatch, lifecycle
from tenant_apps.scheduling.models import ACTIVE_STATUSES, Assignment
from tenant_apps.workforce.services import update_worker_profile


def _auto(world, **changes):
    dispatch.update_dispatch_settings(actor=world.people.owner_a,
                                      changes={"auto_dispatch": True, "offer_minutes": 10, **changes})


def _rows(order):
    return list(Assignment.objects.filter(hold_id=order.hold_id, status__in=ACTIVE_STATUSES)
                .values_list("worker_id", flat=True))


def _timeline(order):
    return list(order.events.order_by("created_at", "id").values_list("action", flat=True))


def _levels(world, one: int, two: int):
    owner = world.people.owner_a
    update_worker_profile(actor=owner, worker=world.worker1, changes={"level": one})
    update_worker_profile(actor=owner, worker=world.worker2, changes={"level": two})


def test_a_paid_order_is_offered_to_the_best_candidate_for_the_offer_minutes(world):
    _auto(world, weight_level=10)
    _levels(world, 1, 9)
    booked = world.book(hour=10, workers=[world.worker1.pk])  # its time was held for worker1

    paid = booking.mark_order_paid(actor=SYSTEM, order=booked, now=timezone.now())

    assert paid.status == OrderStatus.ASSIGNED and paid.worker_id == world.worker2.pk
    assert _rows(paid) == [world.worker2.pk]  # the held row moved to the best candidate
    assert timedelta(minutes=9) < paid.offer_expires_at - timezone.now() <= timedelta(minutes=10)


def test_a_decline_moves_the_offer_on_and_nobody_left_raises_an_exception(world):
    _auto(world, weight_level=10)
    _levels(world, 9, 1)
    paid = booking.mark_order_paid(actor=SYSTEM, order=world.book(hour=10))
    assert paid.worker_id == world.worker1.pk

    second = lifecycle.decline_task(actor=world.worker1.staff_member.user, worker=world.worker1, order=paid,
                                    reason="Sick")
    assert second.status == OrderStatus.ASSIGNED and second.worker_id == world.worker2.pk
    last = lifecycle.decline_task(actor=world.worker2.staff_member.user, worker=world.worker2, order=second,
                                  reason="Too far")

    assert last.status == OrderStatus.PENDING_DISPATCH and last.worker_id is None
    exception = OrderException.objects.get(order=last, kind=ExceptionKind.NOBODY_ACCEPTED)
    assert sorted(exception.detail["passed"]) == sorted([world.worker1.pk, world.worker2.pk])
    assert _rows(last) == []  # nobody keeps its time
    assert _timeline(last)[-4:] == ["assign", "decline", "assign", "decline"]


def test_a_lapsed_offer_moves_on_and_the_worker_is_not_offered_it_again(world):
    _auto(world, weight_level=10)
    _levels(world, 9, 1)
    paid = booking.mark_order_paid(actor=SYSTEM, order=world.book(hour=10))

    early = dispatch.expire_offer(actor=SYSTEM, order_id=paid.pk, worker_id=world.worker1.pk)
    lapsed = dispatch.expire_offer(actor=SYSTEM, order_id=paid.pk, worker_id=world.worker1.pk,
                                   now=paid.offer_expires_at)

    order = Order.objects.get(pk=paid.pk)
    assert not early and lapsed
    assert order.status == OrderStatus.ASSIGNED and order.worker_id == world.worker2.pk
    assert _timeline(order)[-3:] == ["assign", "expire_offer", "assign"]
    assert dispatch.expire_offer(actor=SYSTEM, order_id=paid.pk, worker_id=world.worker1.pk,
                                 now=order.offer_expires_at) is False  # a repeated task changes nothing


def test_an_accepted_offer_does_not_lapse(world):
    _auto(world)
    paid = booking.mark_order_paid(actor=SYSTEM, order=world.book(hour=10))
    worker = paid.worker
    lifecycle.accept_task(actor=worker.staff_member.user, worker=worker, order=paid)

    assert not dispatch.expire_offer(actor=SYSTEM, order_id=paid.pk, worker_id=worker.pk,
                                     now=paid.offer_expires_at + timedelta(minutes=1))
    assert Order.objects.get(pk=paid.pk).status == OrderStatus.ACCEPTED


def test_the_sweep_expires_offers_whose_task_was_lost(world):
    _auto(world, weight_level=10)
    _levels(world, 9, 1)
    paid = booking.mark_order_paid(actor=SYSTEM, order=world.book(hour=10))

    assert dispatch.sweep_automatic_dispatch(actor=SYSTEM, now=paid.offer_expires_at - timedelta(seconds=1)) == 0
    dispatch.sweep_automatic_dispatch(actor=SYSTEM, now=paid.offer_expires_at)

    assert Order.objects.get(pk=paid.pk).worker_id == world.worker2.pk


def test_a_worker_in_quiet_hours_is_skipped_for_the_next(world):
    _auto(world, weight_level=10)
    _levels(world, 9, 1)
    now = timezone.now()
    local = now.astimezone(_zone(world)).time()
    update_worker_profile(actor=world.people.owner_a, worker=world.worker1,
                          changes={"quiet_hours": _around(local)})

    paid = booking.mark_order_paid(actor=SYSTEM, order=world.book(hour=10), now=now)

    assert paid.worker_id == world.worker2.pk


def test_when_everyone_is_quiet_the_order_waits_and_the_sweep_offers_it_later(world):
    _auto(world)
    now = timezone.now()
    quiet = _around(now.astimezone(_zone(world)).time())
    for worker in (world.worker1, world.worker2):
        update_worker_profile(actor=world.people.owner_a, worker=worker, changes={"quiet_hours": quiet})

    paid = booking.mark_order_paid(actor=SYSTEM, order=world.book(hour=10), now=now)
    assert paid.status == OrderStatus.PENDING_DISPATCH
    assert not OrderException.objects.filter(order=paid).exists()  # waiting, not given up
    assert dispatch.sweep_automatic_dispatch(actor=SYSTEM, now=now + timedelta(minutes=5)) == 0
    dispatch.sweep_automatic_dispatch(actor=SYSTEM, now=now + timedelta(hours=2))

    assert Order.objects.get(pk=paid.pk).status == OrderStatus.ASSIGNED


def test_with_automatic_dispatch_off_the_first_offer_has_no_deadline(world):
    paid = booking.mark_order_paid(actor=SYSTEM, order=world.book(hour=10))

    assert paid.status == OrderStatus.ASSIGNED and paid.offer_expires_at is None
    assert dispatch.sweep_automatic_dispatch(actor=SYSTEM, now=timezone.now() + timedelta(days=1)) == 0


def _zone(world):
    from zoneinfo import ZoneInfo

    return ZoneInfo(world.company.time_zone)


def _around(local: time) -> dict:
    """Quiet hours from an hour before `local` to an hour after it (wrapping midnight if need be)."""
    minutes = local.hour * 60 + local.minute
    start, end = (minutes - 60) % (24 * 60), (minutes + 60) % (24 * 60)
    return {"from": time(start // 60, start % 60), "until": time(end // 60, end % 60)}
