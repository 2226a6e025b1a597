"""A worker who accepted and never came (issue 17.4): reported as a no_show case before the visit is
done, once its start and the company's grace have passed; the worker bears a remedy's cost only when
the location record supports it (no arrival, or one far from the address). And the worker's notes."""
from __future__ import annotations

from datetime import timedelta

import pytest

from shared_apps.core.actor import SYSTEM
from shared_apps.core.errors import DomainError, NotFound
from tenant_apps.aftersales.machine import Side
from tenant_apps.aftersales.models import NoteVisibility
from tenant_apps.aftersales.selectors import notes_for
from tenant_apps.aftersales.services import mediation, remedies
from tenant_apps.aftersales.services.reporting import report_problem
from tenant_apps.ledger.models import AccountKind
from tenant_apps.ledger.selectors import balance_of, ledger_total
from tenant_apps.orders.models import Order
from tenant_apps.orders.services import booking, lifecycle
from tests.aftersales.test_remedies import accepted
from tests.workforce.builders import SHANGHAI, at

FAR = (SHANGHAI.latitude + 0.01, SHANGHAI.longitude)


def accepted_order(world):
    order = booking.mark_order_paid(actor=SYSTEM, order=world.book())
    order = Order.objects.select_related("worker__staff_member__user").get(pk=order.pk)
    return lifecycle.accept_task(actor=order.worker.staff_member.user, worker=order.worker, order=order,
                                 now=order.starts_at - timedelta(hours=2))


def report_no_show(world, order, *, minutes_after_start=31, side=Side.CUSTOMER):
    actor = world.people.customer_a if side == Side.CUSTOMER else world.people.owner_a
    return report_problem(actor=actor, customer=world.customer, order=order, category="no_show", severity="high",
                          description="Nobody came", now=order.starts_at + timedelta(minutes=minutes_after_start),
                          side=side)


def test_a_worker_who_accepted_and_never_came_is_reported_after_the_grace(world):
    order = accepted_order(world)

    with pytest.raises(DomainError) as early:
        report_no_show(world, order, minutes_after_start=29)
    assert early.value.code == "not_reportable" and "can be reported from" in early.value.message

    case = report_no_show(world, order)
    assert (case.category, case.worker_id, case.status) == ("no_show", order.worker_id, "open")
    assert case.evidence["arrival"] == {} and case.evidence["not_done"] == "accepted"


def test_the_office_reports_a_no_show_for_the_customer(world):
    case = report_no_show(world, accepted_order(world), side=Side.OFFICE)

    assert case.events.get().actor_role == "office"


def test_other_problems_and_arrived_workers_still_wait_for_the_visit_to_be_done(world):
    order = accepted_order(world)
    with pytest.raises(DomainError) as quality:
        report_problem(actor=world.people.customer_a, customer=world.customer, order=order, category="quality",
                       severity="low", description="x", now=order.starts_at + timedelta(hours=1))
    assert quality.value.code == "not_reportable"

    user, worker = order.worker.staff_member.user, order.worker
    order = lifecycle.set_off(actor=user, worker=worker, order=order, eta_minutes=5, now=order.starts_at)
    lifecycle.arrive(actor=user, worker=worker, order=order, location=None, now=order.starts_at)
    with pytest.raises(DomainError) as arrived:
        report_no_show(world, order)
    assert "marked their arrival" in arrived.value.message


def test_an_order_nobody_accepted_is_not_a_worker_no_show(world):
    order = booking.mark_order_paid(actor=SYSTEM, order=world.book())  # offered, never accepted

    with pytest.raises(DomainError) as refused:
        report_no_show(world, order)

    assert refused.value.code == "not_reportable"


def test_the_worker_bears_a_no_show_follow_up_when_there_is_no_arrival_and_the_ledger_balances(world):
    order = accepted_order(world)
    case = accepted(world, report_no_show(world, order), kind="reservice", bearer="worker", amount_fen=3000)
    revenue_before = balance_of(kind=AccountKind.COMPANY_REVENUE)

    remedy = remedies.book_follow_up(actor=world.people.owner_a, case=case,
                                     start=at(world.company, world.day + timedelta(days=1), 10))

    assert remedy.follow_up_order.worker_id != order.worker_id
    assert balance_of(kind=AccountKind.WORKER_OWES, worker=order.worker.staff_member.user_id) == -3000
    assert balance_of(kind=AccountKind.COMPANY_REVENUE) == revenue_before + 3000
    assert ledger_total() == 0


def test_an_arrival_far_from_the_address_supports_charging_the_worker(world):
    order = booking.mark_order_paid(actor=SYSTEM, order=world.book())
    order = Order.objects.select_related("worker__staff_member__user").get(pk=order.pk)
    user, worker, at = order.worker.staff_member.user, order.worker, order.starts_at
    for step in (lambda o: lifecycle.accept_task(actor=user, worker=worker, order=o, now=at),
                 lambda o: lifecycle.set_off(actor=user, worker=worker, order=o, eta_minutes=5, now=at),
                 lambda o: lifecycle.arrive(actor=user, worker=worker, order=o, location=FAR, now=at),
                 lambda o: lifecycle.start_service(actor=user, worker=worker, order=o, now=at),
                 lambda o: lifecycle.complete_task(actor=user, worker=worker, order=o, now=o.ends_at)):
        order = step(order)
    case = world.report(order, category="no_show")
    mediation.acknowledge_case(actor=world.people.owner_a, case=case)

    remedy = mediation.propose_remedy(actor=world.people.owner_a, case=case, kind="credit", bearer="worker",
                                      amount_fen=1000)

    assert remedy.bearer == "worker"


@pytest.mark.parametrize(("location", "says"), [
    ((SHANGHAI.latitude, SHANGHAI.longitude), "placed their arrival at the address"),
    (None, "recorded without a location"),
])
def test_charging_the_worker_is_refused_when_the_location_does_not_show_a_no_show(world, location, says):
    order = booking.mark_order_paid(actor=SYSTEM, order=world.book())
    order = Order.objects.select_related("worker__staff_member__user").get(pk=order.pk)
    user, worker, at = order.worker.staff_member.user, order.worker, order.starts_at
    order = lifecycle.accept_task(actor=user, worker=worker, order=order, now=at)
    order = lifecycle.set_off(actor=user, worker=worker, order=order, eta_minutes=5, now=at)
    order = lifecycle.arrive(actor=user, worker=worker, order=order, location=location, now=at)
    order = lifecycle.start_service(actor=user, worker=worker, order=order, now=at)
    order = lifecycle.complete_task(actor=user, worker=worker, order=order, now=order.ends_at)
    case = world.report(order, category="no_show")
    mediation.acknowledge_case(actor=world.people.owner_a, case=case)

    with pytest.raises(DomainError) as refused:
        mediation.propose_remedy(actor=world.people.owner_a, case=case, kind="credit", bearer="worker",
                                 amount_fen=1000)

    assert (refused.value.code, refused.value.status) == ("no_location_evidence", 409)
    assert says in refused.value.message and refused.value.fields["bearer"]
    assert not case.remedies.exists()
    assert mediation.propose_remedy(actor=world.people.owner_a, case=case, kind="credit", bearer="company",
                                    amount_fen=1000).bearer == "company"


def test_an_arrival_after_the_remedy_was_proposed_stops_the_worker_charge(world):
    order = accepted_order(world)
    case = accepted(world, report_no_show(world, order), kind="reservice", bearer="worker", amount_fen=3000)
    user, worker = order.worker.staff_member.user, order.worker
    order = lifecycle.set_off(actor=user, worker=worker, order=order, eta_minutes=5, now=order.starts_at)
    lifecycle.arrive(actor=user, worker=worker, order=order, location=(SHANGHAI.latitude, SHANGHAI.longitude),
                     now=order.starts_at)

    with pytest.raises(DomainError) as refused:
        remedies.book_follow_up(actor=world.people.owner_a, case=case,
                                start=at(world.company, world.day + timedelta(days=1), 10))

    assert refused.value.code == "no_location_evidence"
    assert balance_of(kind=AccountKind.WORKER_OWES, worker=user.pk) == 0
    assert not Order.objects.filter(total=0, customer=world.customer).exists()  # no follow-up booked


def test_the_worker_writes_notes_the_office_reads_and_the_customer_does_not(world):
    order = world.done_order()
    case = world.report(order, category="quality")
    worker_user = order.worker.staff_member.user

    note = mediation.add_note(actor=worker_user, case=case, side=Side.WORKER, text="The stain was there before",
                              visibility=NoteVisibility.OFFICE)

    assert (note.visibility, note.author_role) == ("worker", "worker")
    assert note in notes_for(case, "office") and note in notes_for(case, "worker")
    assert note not in notes_for(case, "customer")
    other = (world.worker2 if order.worker_id == world.worker1.pk else world.worker1).staff_member.user
    with pytest.raises(NotFound):
        mediation.add_note(actor=other, case=case, side=Side.WORKER, text="Not mine")
