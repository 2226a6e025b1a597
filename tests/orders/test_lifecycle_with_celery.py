"""The whole lifecycle with a real Celery worker delivering the notifications, one test per branch: the
happy path, cancelling at each stage, decline and re-offer with moves asked by each side, and every
outbox row delivered exactly once (a re-sent task changes nothing).

The worker sees only committed data, so this test works in a company of its own, committed, and
removes it afterwards."""
from __future__ import annotations

import json
from datetime import timedelta

import pytest

from shared_apps.core.actor import SYSTEM
from tests.processes import celery_worker, wait_for

SLUG = "orders-live"


@pytest.fixture
def transactional_db(django_db_setup, django_db_blocker):
    """Committed database access (as in tests/e2e): replaces pytest-django's, which would empty every
    table afterwards, the session's companies too."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def live_world(transactional_db, django_db_blocker):
    from tests.orders.conftest import committed_world

    with django_db_blocker.unblock(), committed_world(name="Orders Live", slug=SLUG,
                                                      phone_prefix="+861330013300") as world:
        yield world


def _sms(path):
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@pytest.fixture(scope="module")
def live_celery(tmp_path_factory):
    """One real Celery worker for the module's tests; SMS go to a file they read."""
    sms_file = tmp_path_factory.mktemp("sms") / "sms.jsonl"
    with celery_worker(SMS_BACKEND="file", SMS_FILE_PATH=str(sms_file)) as running:
        running.sms_file = sms_file
        yield running


def _worker_of(order):
    return order.worker, order.worker.staff_member.user


def _timeline(order):
    return list(order.events.order_by("created_at", "id").values_list("action", flat=True))


def _all_delivered(world):
    from shared_apps.notifications.models import Outbox, OutboxStatus

    wait_for(lambda: not Outbox.objects.filter(schema_name=world.company.schema_name,
                                               status=OutboxStatus.PENDING).exists(),
             timeout=60, message="every outbox row delivered")


def _kinds_told(user, world):
    from shared_apps.notifications.models import Notification

    return list(Notification.objects.filter(user=user, company_id=world.company.pk).order_by("id")
                .values_list("kind", flat=True))


@pytest.mark.celery_worker
def test_the_happy_path_walks_every_step_and_tells_the_customer(live_world, live_celery):
    from tenant_apps.orders.services import booking, lifecycle
    from tests.workforce.builders import SHANGHAI

    w, customer = live_world, live_world.people.customer_a
    here = (SHANGHAI.latitude, SHANGHAI.longitude)
    happy = booking.mark_order_paid(actor=SYSTEM, order=w.book(hour=9))
    worker, user = _worker_of(happy)
    for step in (lambda o: lifecycle.accept_task(actor=user, worker=worker, order=o),
                 lambda o: lifecycle.set_off(actor=user, worker=worker, order=o, eta_minutes=20),
                 lambda o: lifecycle.arrive(actor=user, worker=worker, order=o, location=here),
                 lambda o: lifecycle.start_service(actor=user, worker=worker, order=o, now=o.starts_at),
                 lambda o: lifecycle.complete_task(actor=user, worker=worker, order=o, note="Clean",
                                                   now=o.ends_at),
                 lambda o: booking.review_order(actor=customer, order=o)):
        happy = step(happy)

    assert _timeline(happy) == ["book", "pay", "assign", "accept", "depart", "arrive", "start_service",
                                "complete", "review"]
    _all_delivered(w)
    assert sorted(_kinds_told(customer, w)) == sorted([  # delivered by two processes: any order
        "order.booked", "order.paid", "order.accepted", "order.on_the_way", "order.arrived", "order.completed"])


@pytest.mark.celery_worker
def test_the_customer_cancels_at_each_stage_with_the_previewed_fee(live_world, live_celery):
    from tenant_apps.orders.models import OrderStatus
    from tenant_apps.orders.selectors import cancellation_fee_of
    from tenant_apps.orders.services import booking, lifecycle

    w, customer = live_world, live_world.people.customer_a
    later = w.day + timedelta(days=2)
    stages = {"pending_payment": w.book(hour=12)}
    stages["assigned"] = booking.mark_order_paid(actor=SYSTEM, order=w.book(hour=9, day=later))
    accepted = booking.mark_order_paid(actor=SYSTEM, order=w.book(hour=12, day=later))
    worker2, user2 = _worker_of(accepted)
    stages["accepted"] = lifecycle.accept_task(actor=user2, worker=worker2, order=accepted)
    on_the_way = booking.mark_order_paid(actor=SYSTEM, order=w.book(hour=15))
    worker3, user3 = _worker_of(on_the_way)
    on_the_way = lifecycle.accept_task(actor=user3, worker=worker3, order=on_the_way)
    stages["on_the_way"] = lifecycle.set_off(actor=user3, worker=worker3, order=on_the_way, eta_minutes=10)

    fees = {}
    for status, order in stages.items():
        assert order.status == status
        fee = cancellation_fee_of(order=order, role="customer")
        done = lifecycle.cancel_order(actor=customer, order=order, role="customer", expected_fee=fee)
        assert done.status == OrderStatus.CANCELLED and done.fees_charged == fee, status
        assert _timeline(done)[-1] == "cancel"
        fees[status] = fee

    assert fees["on_the_way"] == on_the_way.total // 2  # the on-the-way tier: 50 %
    assert fees["pending_payment"] == 0
    _all_delivered(w)
    assert _kinds_told(customer, w).count("order.cancelled") == 4


@pytest.mark.celery_worker
def test_a_declined_task_is_re_offered_and_moves_need_the_other_side(live_world, live_celery):
    from tenant_apps.orders.models import OrderStatus
    from tenant_apps.orders.selectors import reschedule_preview_of
    from tenant_apps.orders.services import booking, lifecycle, reschedule

    w, customer = live_world, live_world.people.customer_a
    offered = booking.mark_order_paid(actor=SYSTEM, order=w.book(hour=15, day=w.day + timedelta(days=2)))
    first, first_user = _worker_of(offered)
    offered = lifecycle.decline_task(actor=first_user, worker=first, order=offered, reason="Sick")
    assert offered.status == OrderStatus.ASSIGNED and offered.worker_id != first.pk
    second, second_user = _worker_of(offered)
    offered = lifecycle.accept_task(actor=second_user, worker=second, order=offered)
    moved_day = w.day + timedelta(days=1)
    asked = reschedule.request_reschedule(actor=second_user, order=offered, role="worker",
                                          start=w.start(10, moved_day), expected_fee=0, reason="Traffic",
                                          worker_id=second.pk)
    offered = reschedule.answer_reschedule(actor=customer, order=offered, request=asked, role="customer",
                                           approve=False)
    preview = reschedule_preview_of(order=offered, role="customer", start=w.start(14, moved_day))
    asked = reschedule.request_reschedule(actor=customer, order=offered, role="customer",
                                          start=preview.start, expected_fee=preview.fee)
    offered = reschedule.answer_reschedule(actor=second_user, order=offered, request=asked, role="worker",
                                           approve=True, worker_id=second.pk)

    assert offered.starts_at == preview.start and offered.fees_charged == preview.fee
    assert _timeline(offered)[-8:] == ["assign", "decline", "assign", "accept", "request_reschedule",
                                       "decline_reschedule", "request_reschedule", "approve_reschedule"]
    _all_delivered(w)
    for kind in ("order.reschedule_requested", "order.reschedule_approved"):
        assert kind in _kinds_told(customer, w), kind


@pytest.mark.celery_worker
def test_every_outbox_row_is_delivered_once_even_when_its_task_runs_again(live_world, live_celery):
    from shared_apps.notifications.models import Notification, Outbox
    from shared_apps.notifications.services import deliver_outbox_message
    from shared_apps.notifications.tasks import deliver_outbox
    from tenant_apps.orders.services import booking, lifecycle

    w, customer = live_world, live_world.people.customer_a
    earlier_sms = len(_sms(live_celery.sms_file))  # the module's other tests used the same company name
    order = booking.mark_order_paid(actor=SYSTEM, order=w.book(hour=9))
    worker, user = _worker_of(order)
    lifecycle.accept_task(actor=user, worker=worker, order=order)
    rows = list(Outbox.objects.filter(schema_name=w.company.schema_name))
    assert rows
    _all_delivered(w)
    sent_before = len(_sms(live_celery.sms_file))

    for row in rows:
        assert deliver_outbox_message(outbox_id=row.pk) is False
    task_ids = [deliver_outbox.delay(row.pk).id for row in rows]
    wait_for(lambda: all(f"[{task_id}] succeeded" in live_celery.log() for task_id in task_ids),
             timeout=60, message="the re-sent delivery tasks ran")

    assert len(_sms(live_celery.sms_file)) == sent_before
    for row in rows:
        assert Notification.objects.filter(outbox_id=row.pk).count() == 1
    mine = _sms(live_celery.sms_file)[earlier_sms:]
    assert all(m["schema"] == w.company.schema_name for m in mine)
    assert len(mine) == sum(1 for r in rows if "sms" in r.channels)
    assert "order.accepted" in _kinds_told(customer, w)
