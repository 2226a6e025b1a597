"""One definition of a worker (an active staff member of any role with an active worker profile) for
dispatch, the worker app and the public directory; a worker who leaves keeps none of their bookings."""
from __future__ import annotations

from django.db import connection

from shared_apps.core.actor import SYSTEM
from tenant_apps.orders.models import ExceptionKind, Order, OrderException, OrderStatus
from tenant_apps.orders.services import booking
from tenant_apps.people.models import StaffMember
from tenant_apps.scheduling.models import Assignment, AssignmentStatus
from tenant_apps.workforce import services as workforce
from tenants.models import Affiliation
from tests.orders.conftest import World
from tests.workforce.builders import NINE_TO_SIX


def _owner_does_jobs(world: World):
    owner = StaffMember.objects.get(user=world.people.owner_a)
    worker = workforce.ensure_worker_profile(actor=world.people.owner_a, member=owner)
    workforce.update_worker_profile(actor=world.people.owner_a, worker=worker, changes={"skills": ["ordertest"]})
    workforce.set_week_template(actor=world.people.owner_a, worker=worker, shifts=NINE_TO_SIX)
    return worker


def _paid(world: World, workers):
    order = booking.mark_order_paid(actor=SYSTEM, order=world.book(hour=10, workers=workers))
    return Order.objects.get(pk=order.pk)


def test_an_owner_who_does_jobs_sees_the_task_dispatch_gave_them(people, client_for):
    world = World(people)
    owner_worker = _owner_does_jobs(world)
    order = _paid(world, [owner_worker.pk])
    assert (order.status, order.worker_id) == (OrderStatus.ASSIGNED, owner_worker.pk)
    connection.set_schema_to_public()

    inbox = client_for(None, people.owner_a).get("/api/v1/worker/tasks/")

    assert inbox.status_code == 200
    assert [(t["company_name"], t["id"], t["status"]) for t in inbox.json()] == [
        ("Alpha Cleaning", order.pk, "assigned")]
    assert Affiliation.objects.filter(user=people.owner_a, company=people.company_a, kind="worker",
                                      is_active=True, role="owner").exists()


def test_a_removed_worker_s_booking_is_offered_to_another_free_worker(people):
    world = World(people)
    order = _paid(world, [world.worker1.pk])
    assert order.worker_id == world.worker1.pk

    workforce.remove_worker(actor=people.owner_a, company=people.company_a, worker=world.worker1)

    order.refresh_from_db()
    assert (order.status, order.worker_id) == (OrderStatus.ASSIGNED, world.worker2.pk)
    assert [e.action for e in order.events.order_by("pk")][-2:] == ["release", "assign"]
    assert not Assignment.objects.filter(worker_id=world.worker1.pk, status=AssignmentStatus.BOOKED).exists()
    assert Assignment.objects.filter(worker_id=world.worker2.pk, hold_id=order.hold_id,
                                     status=AssignmentStatus.BOOKED).exists()
    assert not Affiliation.objects.filter(user=world.worker1.staff_member.user, kind="worker",
                                          is_active=True).exists()


def test_when_nobody_else_is_free_the_booking_goes_back_to_the_office_with_an_exception(people, client_for):
    world = World(people)
    workforce.update_worker_profile(actor=people.owner_a, worker=world.worker2, changes={"status": "suspended"})
    order = _paid(world, [world.worker1.pk])
    worker_user = world.worker1.staff_member.user

    workforce.remove_worker(actor=people.owner_a, company=people.company_a, worker=world.worker1)

    order.refresh_from_db()
    assert (order.status, order.worker_id) == (OrderStatus.PENDING_DISPATCH, None)
    exception = OrderException.objects.get(order=order)
    assert (exception.kind, exception.resolved_at) == (ExceptionKind.WORKER_LEFT, None)
    assert not Assignment.objects.filter(worker_id=world.worker1.pk, status=AssignmentStatus.BOOKED).exists()
    connection.set_schema_to_public()
    assert client_for(None, worker_user).get("/api/v1/worker/tasks/").json() == []


def test_a_suspended_worker_profile_is_no_longer_a_worker_anywhere(people):
    world = World(people)
    order = _paid(world, [world.worker1.pk])

    workforce.update_worker_profile(actor=people.owner_a, worker=world.worker1, changes={"status": "suspended"})

    order.refresh_from_db()
    assert order.worker_id == world.worker2.pk
    assert not Affiliation.objects.filter(user=world.worker1.staff_member.user, company=people.company_a,
                                          kind="worker", is_active=True).exists()
