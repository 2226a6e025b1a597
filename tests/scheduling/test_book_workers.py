"""Booking many workers at once (book_workers, automatic dispatch's batch of offers): every row with
its person's commitment and its hold event in a few statements, or, when any one of them is busy
then, here or in another company, worker_busy and nothing written."""
import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection

from shared_apps.commitments.models import Commitment
from shared_apps.core.actor import SYSTEM
from shared_apps.core.errors import DomainError
from tenant_apps.scheduling.models import ACTIVE_STATUSES, Assignment, AssignmentStatus, HoldEvent, HoldEventKind
from tenant_apps.scheduling.services import Visit, book_worker, book_workers
from tests.workforce.builders import at, company_day, make_worker


def visit(start, hours=2) -> Visit:
    return Visit(hold_id=uuid.uuid4(), service_id=None, variant_id=None, customer_id=None, starts_at=start,
                 ends_at=start + timedelta(hours=hours), latitude=Decimal("31.230400"),
                 longitude=Decimal("121.473700"), crew_size=1)


def test_book_workers_books_every_worker_with_commitment_and_event(alpha, people):
    ann = make_worker(people.owner_a, alpha, name="Ann")
    bob = make_worker(people.owner_a, alpha, name="Bob")
    ten = at(alpha, company_day(alpha, 3), 10)
    visits = [visit(ten), visit(ten), visit(ten + timedelta(hours=3))]

    rows = book_workers(actor=people.owner_a, bookings=[(visits[0], ann.pk), (visits[1], bob.pk),
                                                        (visits[2], ann.pk)])

    assert [(r.hold_id, r.worker_id, r.status) for r in rows] == [
        (visits[0].hold_id, ann.pk, AssignmentStatus.BOOKED), (visits[1].hold_id, bob.pk, AssignmentStatus.BOOKED),
        (visits[2].hold_id, ann.pk, AssignmentStatus.BOOKED)]
    assert Commitment.objects.filter(company_id=alpha.pk, assignment_id__in=[r.pk for r in rows]).count() == 3
    events = HoldEvent.objects.filter(hold_id__in=[v.hold_id for v in visits], kind=HoldEventKind.ASSIGNED)
    assert sorted((e.worker_ids[0], e.actor_id) for e in events) == sorted(
        [(ann.pk, people.owner_a.pk), (bob.pk, people.owner_a.pk), (ann.pk, people.owner_a.pk)])


@pytest.mark.parametrize("busy_in", ["this batch", "the schedule"])
def test_one_busy_worker_refuses_the_whole_batch(alpha, people, busy_in):
    ann = make_worker(people.owner_a, alpha, name="Ann")
    bob = make_worker(people.owner_a, alpha, name="Bob")
    ten = at(alpha, company_day(alpha, 3), 10)
    if busy_in == "the schedule":
        book_worker(actor=SYSTEM, visit=visit(ten), worker_id=ann.pk)
        clash = [(visit(ten + timedelta(hours=1)), ann.pk)]
    else:
        clash = [(visit(ten), ann.pk), (visit(ten + timedelta(hours=1)), ann.pk)]
    before = (Assignment.objects.filter(status__in=ACTIVE_STATUSES).count(), Commitment.objects.count(),
              HoldEvent.objects.count())

    with pytest.raises(DomainError) as refused:
        book_workers(actor=SYSTEM, bookings=[(visit(ten), bob.pk), *clash])

    assert refused.value.code == "worker_busy" and refused.value.status == 409
    assert (Assignment.objects.filter(status__in=ACTIVE_STATUSES).count(), Commitment.objects.count(),
            HoldEvent.objects.count()) == before
    assert connection.in_atomic_block  # the caller's transaction goes on


def test_book_workers_with_nothing_writes_nothing(alpha):
    assert book_workers(actor=SYSTEM, bookings=[]) == []
