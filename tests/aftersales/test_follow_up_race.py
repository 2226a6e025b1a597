"""Follow-up visits racing for the same time with real PostgreSQL: three offices' clicks at once,
each in its own connection, for three cases whose follow-ups all want the same start, with two
workers free. Exactly two are booked, with different workers; the third is told the time is taken.
The company is signed up for real and committed (the racers must see its rows) and dropped after."""
from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections

from tests.orders.conftest import committed_world


@pytest.fixture
def transactional_db(django_db_setup, django_db_blocker):
    """Committed database access (as in tests/e2e): replaces pytest-django's, which would empty every
    table afterwards, the session's companies too."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def racing(transactional_db, django_db_blocker):
    from shared_apps.core.actor import SYSTEM
    from tenant_apps.aftersales.services import mediation
    from tenant_apps.aftersales.services.reporting import report_problem
    from tenant_apps.orders.after_visit import completed_at_of
    from tenant_apps.orders.services import booking
    from tests.aftersales.conftest import complete

    with django_db_blocker.unblock(), committed_world(name="Aftersales Race", slug="aftersales-race",
                                                      phone_prefix="+861330013320") as world:
        owner, customer_user = world.people.owner_a, world.people.customer_a
        cases = []
        for hour in (9, 12, 15):
            order = complete(booking.mark_order_paid(actor=SYSTEM, order=world.book(hour=hour)))
            case = report_problem(actor=customer_user, customer=world.customer, order=order, category="quality",
                                  severity="medium", description="Not clean", now=completed_at_of(order))
            mediation.acknowledge_case(actor=owner, case=case)
            mediation.propose_remedy(actor=owner, case=case, kind="reservice", bearer="company")
            mediation.answer_remedy(actor=customer_user, case=case, accept=True)
            cases.append(case)
        yield world, cases


def test_three_follow_ups_for_two_free_workers_book_two_and_never_one_worker_twice(racing):
    from shared_apps.core.errors import DomainError
    from tenant_apps.aftersales.models import Case
    from tenant_apps.aftersales.services.remedies import book_follow_up
    from tenant_apps.scheduling.models import Assignment, AssignmentStatus
    from tests.workforce.builders import at

    world, cases = racing
    company = world.company
    start = at(company, world.day + timedelta(days=1), 10)
    barrier = threading.Barrier(len(cases))
    outcomes: dict[int, str] = {}

    def race(case_id: int) -> None:
        connection.set_tenant(company)
        try:
            case = Case.objects.get(pk=case_id)
            barrier.wait(timeout=30)
            remedy = book_follow_up(actor=world.people.owner_a, case=case, start=start)
            outcomes[case_id] = f"booked:{remedy.follow_up_order.worker_id}"
        except DomainError as error:
            outcomes[case_id] = error.code
        finally:
            connections.close_all()

    threads = [threading.Thread(target=race, args=(case.pk,)) for case in cases]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    booked = sorted(v for v in outcomes.values() if v.startswith("booked:"))
    assert len(booked) == 2 and len(set(booked)) == 2, outcomes
    assert sorted(v for v in outcomes.values() if not v.startswith("booked:")) == ["slot_taken"]
    connection.set_tenant(company)
    rows = list(Assignment.objects.filter(starts_at=start, status=AssignmentStatus.BOOKED)
                .values_list("worker_id", flat=True))
    assert sorted(rows) == sorted({int(v.split(":")[1]) for v in booked})
