"""Every change an order makes to its assignment rows goes through scheduling's services, so the
person's commitments (public schema) and the hold history follow it: booking, payment, reassigning,
moving, declining and cancelling."""
from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from shared_apps.commitments.models import Commitment
from shared_apps.core.actor import SYSTEM
from shared_apps.core.errors import DomainError
from tenant_apps.orders import selectors
from tenant_apps.orders.services import booking, dispatch, lifecycle, reschedule
from tenant_apps.scheduling.models import HoldEvent
from tenant_apps.scheduling.selectors import JobRequest
from tenant_apps.scheduling.services import HoldRequest, place_hold
from tests.workforce.builders import SHANGHAI, at, enter, make_service, make_worker, next_phone


def commitments(*workers):
    users = [w.staff_member.user_id for w in workers]
    return list(Commitment.objects.filter(user_id__in=users).order_by("period"))


def history(order) -> list[str]:
    return list(HoldEvent.objects.filter(hold_id=order.hold_id).values_list("kind", flat=True))


def test_an_orders_life_keeps_its_workers_commitments_in_step(world):
    order = world.book()
    [held] = commitments(world.worker1, world.worker2)
    assert held.company_id == world.company.pk and held.expires_at == order.pay_by  # kept while paying

    order = booking.mark_order_paid(actor=SYSTEM, order=order)
    [booked] = commitments(world.worker1, world.worker2)
    assert booked.expires_at is None and booked.user_id == order.worker.staff_member.user_id

    other = world.worker2 if order.worker_id == world.worker1.pk else world.worker1
    order = dispatch.assign_worker(actor=world.people.owner_a, order=order, worker_id=other.pk, reason="swap")
    [moved] = commitments(world.worker1, world.worker2)
    assert moved.user_id == other.staff_member.user_id

    fee = selectors.cancellation_fee_of(order=order, role="office")
    lifecycle.cancel_order(actor=world.people.owner_a, order=order, role="office", expected_fee=fee, reason="x")

    assert commitments(world.worker1, world.worker2) == []
    assert history(order) == ["placed", "extended", "confirmed", "assigned", "cancelled"]


def test_declining_frees_the_worker_everywhere(world):
    order = booking.mark_order_paid(actor=SYSTEM, order=world.book())
    first = order.worker

    lifecycle.decline_task(actor=first.staff_member.user, worker=first, order=order, reason="ill")

    assert [c.user_id for c in commitments(first)] == []
    assert "released" in history(order) or "cancelled" in history(order)


def test_moving_a_visit_moves_the_commitment(world):
    order = booking.mark_order_paid(actor=SYSTEM, order=world.book(hour=10))
    new_start = world.start(14)

    reschedule.reschedule_order(actor=world.people.owner_a, order=order, start=new_start, reason="customer asked")

    [row] = commitments(world.worker1, world.worker2)
    assert row.period.lower <= new_start < row.period.upper and row.expires_at is None


def test_the_office_cannot_give_a_visit_to_someone_busy_in_another_company(world, people):
    # given: a person who works for both companies, held in company B at 10:00
    phone = next_phone()
    twin_a = make_worker(people.owner_a, world.company, skills=("ordertest",), name="Tess Twin", phone=phone)
    b = people.company_b
    with schema_context(b.schema_name):
        service_b = make_service(people.owner_b, skills=("twin",), duration=120)
        twin_b = make_worker(people.owner_b, b, skills=("twin",), name="Tess Twin", phone=phone)
        from tenant_apps.people.models import Customer

        customer_b = Customer.objects.get(user=people.customer_b)
        place_hold(actor=people.customer_b, customer=customer_b, request=HoldRequest(
            job=JobRequest(service_id=service_b.pk, location=SHANGHAI), start=at(b, world.day, 10),
            worker_ids=(twin_b.pk,)))
    enter(world.company)
    order = booking.mark_order_paid(actor=SYSTEM, order=world.book(hour=10, workers=(world.worker1.pk,)))

    # when / then: assigning the twin in A at the same time is refused like a busy worker here
    with pytest.raises(DomainError) as refused:
        dispatch.assign_worker(actor=people.owner_a, order=order, worker_id=twin_a.pk)
    assert refused.value.code == "worker_busy"
    [only] = commitments(twin_a)
    assert only.company_id == b.pk
