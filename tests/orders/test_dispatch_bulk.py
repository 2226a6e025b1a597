"""Automatic dispatch's bulk path (dispatch.offer_in_bulk): many paid orders offered at once give the
same offers as taking them one after another, never two overlapping offers to one worker, and only to
workers who have the skills and are working then."""
from __future__ import annotations

import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from shared_apps.core.actor import SYSTEM
from shared_apps.notifications.models import Outbox
from tenant_apps.orders.assignments import visit_of
from tenant_apps.orders.locks import lock_order
from tenant_apps.orders.models import ExceptionKind, Order, OrderException, OrderStatus
from tenant_apps.orders.services import dispatch
from tenant_apps.people.models import StaffMember
from tenant_apps.scheduling.models import ACTIVE_STATUSES, Assignment
from tenant_apps.scheduling.services import book_worker
from tenant_apps.workforce.services import update_worker_profile
from tests.workforce.builders import SHANGHAI, make_worker


def _auto(world):
    dispatch.update_dispatch_settings(actor=world.people.owner_a,
                                      changes={"auto_dispatch": True, "offer_minutes": 10, "weight_level": 10})


def _waiting(world, *hours: int, day=None) -> list[int]:
    """Paid orders waiting for a worker, with no assignment rows (as after a payment outage)."""
    made = []
    for hour in hours:
        start = world.start(hour, day)
        made.append(Order.objects.create(
            customer=world.customer, service=world.service, service_name="Cleaning", total=10000,
            duration_minutes=120, starts_at=start, ends_at=start + timedelta(minutes=120), hold_id=uuid.uuid4(),
            status=OrderStatus.PENDING_DISPATCH, address_line="1 People's Square", latitude=SHANGHAI.latitude,
            longitude=SHANGHAI.longitude, contact_name="Cathy", contact_phone="+8618600186001",
            paid_at=timezone.now()).pk)
    return made


def _offers(ids) -> dict[int, int | None]:
    return dict(Order.objects.filter(pk__in=ids).values_list("pk", "worker_id"))


def _overlapping(worker_id) -> bool:
    rows = sorted(Assignment.objects.filter(worker_id=worker_id, status__in=ACTIVE_STATUSES)
                  .values_list("starts_at", "ends_at"))
    return any(later_start < end for (_s, end), (later_start, _e) in zip(rows, rows[1:]))


def _one_by_one(ids, now):
    for order_id in ids:
        with transaction.atomic():
            dispatch.offer_automatically(actor=SYSTEM, order=lock_order(order_id), now=now)


def test_the_bulk_path_makes_the_offers_taking_them_one_by_one_would_make(world):
    _auto(world)
    owner = world.people.owner_a
    update_worker_profile(actor=owner, worker=world.worker1, changes={"level": 9})
    update_worker_profile(actor=owner, worker=world.worker2, changes={"level": 3})
    ids = _waiting(world, 10, 10, 10, 14, 15, 16)
    now = timezone.now()

    with transaction.atomic():
        done = dispatch.offer_in_bulk(actor=SYSTEM, order_ids=ids, now=now)
        in_bulk = _offers(ids)
        exceptions = set(OrderException.objects.filter(kind=ExceptionKind.NOBODY_ACCEPTED)
                         .values_list("order_id", flat=True))
        transaction.set_rollback(True)
    _one_by_one(ids, now)

    assert in_bulk == _offers(ids)
    assert exceptions == set(OrderException.objects.filter(kind=ExceptionKind.NOBODY_ACCEPTED)
                             .values_list("order_id", flat=True))
    # The best worker took the first 10:00 order, the other the second; the third found nobody free,
    # and so did 16:00 (both still busy with 14:00 and 15:00, buffers counted).
    assert in_bulk[ids[0]] == world.worker1.pk and in_bulk[ids[1]] == world.worker2.pk
    assert in_bulk[ids[3]] == world.worker1.pk and in_bulk[ids[4]] == world.worker2.pk
    assert exceptions == {ids[2], ids[5]} and in_bulk[ids[2]] is None and in_bulk[ids[5]] is None
    assert [done[pk] for pk in ids] == [True, True, False, True, True, False]


def test_bulk_offers_never_overlap_and_go_only_to_skilled_working_workers(world):
    _auto(world)
    unskilled = make_worker(world.people.owner_a, world.company, skills=("gardening",), name="Three")
    ids = _waiting(world, 9, 10, 10, 11, 11, 12, 13, 13, 14, 16, 17, 18)
    late = _waiting(world, 23)  # nobody works at 23:00

    done = dispatch.offer_in_bulk(actor=SYSTEM, order_ids=ids + late, now=timezone.now())

    offers = _offers(ids + late)
    assert {w for w in offers.values() if w} <= {world.worker1.pk, world.worker2.pk}
    assert unskilled.pk not in offers.values()
    assert not _overlapping(world.worker1.pk) and not _overlapping(world.worker2.pk)
    assert offers[late[0]] is None and done[late[0]] is False
    offered = Order.objects.filter(pk__in=ids, status=OrderStatus.ASSIGNED)
    assert offered.count() == sum(done.values()) >= 4
    for order in offered:  # each offer is a real one: a booked row, an event, a deadline
        assert list(Assignment.objects.filter(hold_id=order.hold_id, status__in=ACTIVE_STATUSES)
                    .values_list("worker_id", flat=True)) == [order.worker_id]
        assert order.events.filter(action="assign").exists() and order.offer_expires_at is not None


def test_bulk_offers_tell_each_worker_and_share_one_deadline(world, monkeypatch, django_capture_on_commit_callbacks):
    _auto(world)
    scheduled = []
    monkeypatch.setattr(dispatch, "_schedule_expiries", lambda schema, offers, deadline: scheduled.append(
        (offers, deadline)))
    ids = _waiting(world, 10, 10, 14)

    with django_capture_on_commit_callbacks(execute=True):
        done = dispatch.offer_in_bulk(actor=SYSTEM, order_ids=ids, now=timezone.now())

    offers = _offers(ids)
    assert done == {pk: True for pk in ids}
    told = Outbox.objects.filter(kind="order.assigned", context__data__order_id__in=ids)
    assert sorted(told.values_list("context__data__order_id", "user_id")) == sorted(
        (pk, StaffMember.objects.get(pk=offers[pk]).user_id) for pk in ids)
    [(deadline_offers, deadline)] = scheduled
    assert sorted(map(tuple, deadline_offers)) == sorted(offers.items())
    assert set(Order.objects.filter(pk__in=ids).values_list("offer_expires_at", flat=True)) == {deadline}


def test_a_worker_booked_since_the_days_were_read_sends_the_batch_one_by_one(world, monkeypatch):
    """Somebody books worker1 at 10:00 between the bulk path reading the days and writing the
    offers: the database refuses the batch, nothing of it stays, and the orders are offered one by
    one with fresh reads (worker2 gets 10:00)."""
    _auto(world)
    update_worker_profile(actor=world.people.owner_a, worker=world.worker1, changes={"level": 9})
    ids = _waiting(world, 10, 14)
    real_quiet_workers = dispatch._quiet_workers
    intruder = _waiting(world, 10)[0]

    def booked_meanwhile(worker_ids, now):  # read right after the days: book worker1 then (once)
        monkeypatch.setattr(dispatch, "_quiet_workers", real_quiet_workers)
        book_worker(actor=SYSTEM, visit=visit_of(Order.objects.get(pk=intruder)), worker_id=world.worker1.pk)
        return real_quiet_workers(worker_ids, now)

    monkeypatch.setattr(dispatch, "_quiet_workers", booked_meanwhile)

    done = dispatch.offer_in_bulk(actor=SYSTEM, order_ids=ids, now=timezone.now())

    offers = _offers(ids)
    assert done == {ids[0]: True, ids[1]: True}
    assert offers[ids[0]] == world.worker2.pk and offers[ids[1]] == world.worker1.pk
    assert not _overlapping(world.worker1.pk) and not _overlapping(world.worker2.pk)
    assert [list(Assignment.objects.filter(hold_id=Order.objects.get(pk=pk).hold_id, status__in=ACTIVE_STATUSES)
                 .values_list("worker_id", flat=True)) for pk in ids] == [[offers[ids[0]]], [offers[ids[1]]]]


def test_a_batch_of_notices_is_delivered_in_one_task_and_a_failing_one_retries_on_its_own(world, monkeypatch):
    from shared_apps.notifications import services as notifications
    from shared_apps.notifications import tasks
    from shared_apps.notifications.models import OutboxStatus

    _auto(world)
    ids = _waiting(world, 10, 14)
    dispatch.offer_in_bulk(actor=SYSTEM, order_ids=ids, now=timezone.now())
    rows = list(Outbox.objects.filter(kind="order.assigned", context__data__order_id__in=ids).order_by("pk"))
    real = notifications.deliver_outbox_message
    retried = []

    def first_fails(*, outbox_id):
        if outbox_id == rows[0].pk:
            raise OSError("SMS gateway down")
        return real(outbox_id=outbox_id)

    monkeypatch.setattr(notifications, "deliver_outbox_message", first_fails)
    monkeypatch.setattr(tasks.deliver_outbox, "delay", retried.append)

    assert tasks.deliver_outbox_batch([row.pk for row in rows]) == 1

    assert retried == [rows[0].pk]
    assert [Outbox.objects.get(pk=row.pk).status for row in rows] == [OutboxStatus.PENDING, OutboxStatus.DELIVERED]
