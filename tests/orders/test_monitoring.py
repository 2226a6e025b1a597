"""What beat does in each company: unpaid orders expire, the office is alerted about late or
overrunning visits and frequent declines, and reminders go out once each."""
from __future__ import annotations

from datetime import timedelta

from shared_apps.core.actor import SYSTEM
from shared_apps.notifications.models import Outbox
from tenant_apps.orders.models import ExceptionKind, OrderException, OrderStatus
from tenant_apps.orders.services import booking, lifecycle, monitoring
from tenant_apps.scheduling.models import Assignment
from tests.workforce.builders import SHANGHAI


def outbox_kinds(order):
    return list(Outbox.objects.filter(context__data__order_id=order.pk).values_list("kind", flat=True))


def exception_kinds(order):
    return set(OrderException.objects.filter(order=order).values_list("kind", flat=True))


def test_an_order_unpaid_past_its_deadline_is_cancelled_and_its_time_freed(world):
    order = world.book()
    assert monitoring.expire_unpaid_orders(actor=SYSTEM, now=order.pay_by - timedelta(minutes=1)) == 0

    expired = monitoring.expire_unpaid_orders(actor=SYSTEM, now=order.pay_by + timedelta(seconds=1))

    order.refresh_from_db()
    assert expired == 1
    assert order.status == OrderStatus.CANCELLED
    assert order.events.order_by("-created_at", "-id").first().action == "expire"
    assert not Assignment.objects.filter(hold_id=order.hold_id, status__in=["hold", "booked"]).exists()
    assert "order.cancelled" in outbox_kinds(order)
    assert monitoring.expire_unpaid_orders(actor=SYSTEM, now=order.pay_by + timedelta(minutes=5)) == 0


def test_a_paid_order_never_expires(world):
    order = booking.mark_order_paid(actor=SYSTEM, order=world.book())

    assert monitoring.expire_unpaid_orders(actor=SYSTEM, now=order.starts_at) == 0
    order.refresh_from_db()
    assert order.status != OrderStatus.CANCELLED


def test_a_worker_not_on_the_way_half_an_hour_before_raises_one_exception(world):
    order = booking.mark_order_paid(actor=SYSTEM, order=world.book())
    worker = order.worker
    lifecycle.accept_task(actor=worker.staff_member.user, worker=worker, order=order)

    early = monitoring.raise_order_exceptions(actor=SYSTEM, now=order.starts_at - timedelta(minutes=45))
    due = monitoring.raise_order_exceptions(actor=SYSTEM, now=order.starts_at - timedelta(minutes=25))
    again = monitoring.raise_order_exceptions(actor=SYSTEM, now=order.starts_at - timedelta(minutes=20))

    assert (early, due, again) == (0, 1, 0)
    assert exception_kinds(order) == {ExceptionKind.NOT_ON_THE_WAY}
    assert "raise_exception" in [e.action for e in order.events.all()]


def test_a_worker_on_the_way_but_not_arrived_ten_minutes_after_the_start_is_late(world):
    order = booking.mark_order_paid(actor=SYSTEM, order=world.book())
    worker, user = order.worker, order.worker.staff_member.user
    lifecycle.accept_task(actor=user, worker=worker, order=order)
    lifecycle.set_off(actor=user, worker=worker, order=order, eta_minutes=15)

    monitoring.raise_order_exceptions(actor=SYSTEM, now=order.starts_at + timedelta(minutes=5))
    assert ExceptionKind.LATE_ARRIVAL not in exception_kinds(order)

    monitoring.raise_order_exceptions(actor=SYSTEM, now=order.starts_at + timedelta(minutes=11))
    assert ExceptionKind.LATE_ARRIVAL in exception_kinds(order)


def test_a_visit_running_over_its_end_is_flagged(world):
    order = booking.mark_order_paid(actor=SYSTEM, order=world.book())
    worker, user = order.worker, order.worker.staff_member.user
    lifecycle.accept_task(actor=user, worker=worker, order=order)
    lifecycle.set_off(actor=user, worker=worker, order=order, eta_minutes=15)
    lifecycle.arrive(actor=user, worker=worker, order=order, location=(SHANGHAI.latitude, SHANGHAI.longitude))
    lifecycle.start_service(actor=user, worker=worker, order=order, now=order.starts_at)

    monitoring.raise_order_exceptions(actor=SYSTEM, now=order.ends_at + timedelta(minutes=5))
    assert ExceptionKind.RUNNING_OVER not in exception_kinds(order)

    monitoring.raise_order_exceptions(actor=SYSTEM, now=order.ends_at + timedelta(minutes=16))
    assert ExceptionKind.RUNNING_OVER in exception_kinds(order)


def test_reminders_go_out_once_the_day_before_and_once_the_hour_before(world):
    order = booking.mark_order_paid(actor=SYSTEM, order=world.book())

    none_yet = monitoring.send_reminders(actor=SYSTEM, now=order.starts_at - timedelta(hours=30))
    day = monitoring.send_reminders(actor=SYSTEM, now=order.starts_at - timedelta(hours=20))
    day_again = monitoring.send_reminders(actor=SYSTEM, now=order.starts_at - timedelta(hours=19))
    hour = monitoring.send_reminders(actor=SYSTEM, now=order.starts_at - timedelta(minutes=50))
    hour_again = monitoring.send_reminders(actor=SYSTEM, now=order.starts_at - timedelta(minutes=40))

    assert (none_yet, day, day_again, hour, hour_again) == (0, 1, 0, 1, 0)
    customer, worker = order.customer.user_id, order.worker.staff_member.user_id
    for kind in ("order.reminder_day", "order.reminder_hour"):
        recipients = sorted(Outbox.objects.filter(context__data__order_id=order.pk, kind=kind)
                            .values_list("user_id", flat=True))
        assert recipients == sorted([customer, worker])
