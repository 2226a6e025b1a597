"""Automatic dispatch with a real Celery worker: a lapsed offer moves to the next candidate when its
deadline task runs, a decline then a lapse leave nobody and raise the office's exception; and twenty
orders paid at once from real threads never give one worker two offers at overlapping times.

The worker and the threads see only committed data, so this module works in a company of its own,
committed, and removes it afterwards (as tests/orders/test_lifecycle_with_celery.py)."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from shared_apps.core.actor import SYSTEM
from tests.processes import celery_worker, wait_for

SLUG = "dispatch-live"


@pytest.fixture
def transactional_db(django_db_setup, django_db_blocker):
    """Committed database access: replaces pytest-django's, which would empty every table afterwards."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def live_world(transactional_db, django_db_blocker):
    from tests.orders.conftest import committed_world

    with django_db_blocker.unblock(), committed_world(name="Dispatch Live", slug=SLUG, phone_prefix="+861330013310",
                                                      before_cleanup=_deliveries_settled) as world:
        yield world


def _deliveries_settled(schema_name: str) -> None:
    """The module's Celery worker may still be delivering this company's notifications: let it finish
    before the rows it writes are removed (no worker, as in the threads' test: nothing to wait for)."""
    import time

    from shared_apps.notifications.models import Outbox, OutboxStatus

    deadline = time.monotonic() + 30
    pending = Outbox.objects.filter(schema_name=schema_name, status=OutboxStatus.PENDING)
    while pending.exists() and time.monotonic() < deadline and _celery_running:
        time.sleep(0.2)
    time.sleep(0.5 if _celery_running else 0)


_celery_running: list = []


@pytest.fixture(scope="module")
def live_celery():
    with celery_worker() as running:
        _celery_running.append(running)
        yield running
        _celery_running.clear()


def _auto_dispatch(world, **changes):
    from tenant_apps.orders.services import dispatch
    from tenant_apps.workforce.services import update_worker_profile

    dispatch.update_dispatch_settings(actor=world.people.owner_a, changes={
        "auto_dispatch": True, "offer_minutes": 1, "weight_level": 10, **changes})
    update_worker_profile(actor=world.people.owner_a, worker=world.worker1, changes={"level": 9})


def _order(pk):
    from tenant_apps.orders.models import Order

    return Order.objects.get(pk=pk)


def _timeline(pk):
    return list(_order(pk).events.order_by("created_at", "id").values_list("action", flat=True))


ALMOST_A_MINUTE_AGO = timedelta(seconds=57)  # a one-minute offer made "then" lapses in ~3 s


@pytest.mark.celery_worker
def test_a_lapsed_offer_goes_to_the_next_candidate_when_its_task_runs(live_world, live_celery):
    from tenant_apps.orders.services import booking

    w = live_world
    _auto_dispatch(w)
    paid = booking.mark_order_paid(actor=SYSTEM, order=w.book(hour=10), now=timezone.now() - ALMOST_A_MINUTE_AGO)
    assert paid.worker_id == w.worker1.pk

    wait_for(lambda: _order(paid.pk).worker_id == w.worker2.pk, timeout=60,
             message="the deadline task offered the order to the next candidate")

    assert _timeline(paid.pk)[-3:] == ["assign", "expire_offer", "assign"]
    assert "tenant_apps.orders.tasks.expire_offer" in live_celery.log()


@pytest.mark.celery_worker
def test_a_decline_then_a_lapse_leave_nobody_and_the_office_is_told(live_world, live_celery):
    from tenant_apps.orders.models import ExceptionKind, OrderException, OrderStatus
    from tenant_apps.orders.services import booking, lifecycle

    w = live_world
    _auto_dispatch(w)
    paid = booking.mark_order_paid(actor=SYSTEM, order=w.book(hour=14))
    first = w.worker1
    second_offer = lifecycle.decline_task(actor=first.staff_member.user, worker=first, order=paid, reason="Sick",
                                          now=timezone.now() - ALMOST_A_MINUTE_AGO)
    assert second_offer.worker_id == w.worker2.pk

    wait_for(lambda: OrderException.objects.filter(order_id=paid.pk, kind=ExceptionKind.NOBODY_ACCEPTED).exists(),
             timeout=60, message="the office's exception once nobody is left")

    order = _order(paid.pk)
    assert order.status == OrderStatus.PENDING_DISPATCH and order.worker_id is None
    assert _timeline(paid.pk)[-4:] == ["assign", "decline", "assign", "expire_offer"]


def test_twenty_orders_paid_at_once_never_give_a_worker_overlapping_offers(live_world):
    """Twenty orders at overlapping times, each held for a different worker; automatic dispatch
    wants one star worker for all of them. Paid at the same moment from twenty threads, each
    order ends with one worker, and no worker has two orders whose times overlap."""
    from tenant_apps.orders.models import Order, OrderException, OrderStatus
    from tenant_apps.orders.services import booking
    from tenant_apps.scheduling.services import update_scheduling_settings
    from tenant_apps.workforce.services import update_worker_profile
    from tests.workforce.builders import make_worker

    w = live_world
    owner = w.people.owner_a
    update_scheduling_settings(actor=owner, changes={"max_holds_per_customer": 100})
    workers = [w.worker1, w.worker2] + [make_worker(owner, w.company, skills=("ordertest",), name=f"Crew {i}")
                                        for i in range(20)]
    orders = [w.book(hour=9 + index % 4, workers=[workers[index].pk], again=True) for index in range(20)]
    star = workers[-1]
    update_worker_profile(actor=owner, worker=star, changes={"level": 10})
    _auto_dispatch(w)
    company = w.company
    gate = threading.Barrier(len(orders))
    errors: list[BaseException] = []

    def pay(order):
        try:
            connection.set_tenant(company)
            gate.wait(timeout=30)
            booking.mark_order_paid(actor=SYSTEM, order=order)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=pay, args=(order,)) for order in orders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not errors, errors
    paid = list(Order.objects.filter(pk__in=[o.pk for o in orders]))
    offered = [o for o in paid if o.status == OrderStatus.ASSIGNED]
    waiting = [o for o in paid if o.status == OrderStatus.PENDING_DISPATCH]
    assert len(offered) + len(waiting) == 20
    assert all(OrderException.objects.filter(order=o).exists() for o in waiting)
    by_worker: dict[int, list] = {}
    for order in offered:
        by_worker.setdefault(order.worker_id, []).append((order.starts_at, order.ends_at))
    for worker_id, times in by_worker.items():
        times.sort()
        for (_s1, end), (start, _e2) in zip(times, times[1:]):
            assert end <= start, f"worker {worker_id} holds overlapping offers"
    assert star.pk in by_worker  # the star got one, and only one at a time
