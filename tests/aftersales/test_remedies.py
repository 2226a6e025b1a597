"""Remedies: a follow-up visit books a real free slot (a different worker first when the complaint is
about the worker); a refund goes through payments so the ledger owes it; credit and the cost borne by
the worker, the platform or the insurer balance in the ledger."""
from __future__ import annotations

from datetime import timedelta

import pytest

from shared_apps.core.errors import DomainError
from tenant_apps.aftersales.models import RemedyStatus
from tenant_apps.aftersales.services import mediation, remedies
from tenant_apps.ledger.models import AccountKind
from tenant_apps.ledger.selectors import balance_of, ledger_total
from tenant_apps.orders.after_visit import follow_up_starts
from tenant_apps.orders.models import OrderStatus
from tenant_apps.payments.models import Payment
from tenant_apps.scheduling.models import Assignment, AssignmentStatus
from tests.aftersales.conftest import complete
from tests.payments.checkout_helpers import notify, pay_api
from tests.workforce.builders import at


def accepted(world, case, *, kind, bearer="company", amount_fen=0):
    owner = world.people.owner_a
    mediation.acknowledge_case(actor=owner, case=case)
    mediation.propose_remedy(actor=owner, case=case, kind=kind, bearer=bearer, amount_fen=amount_fen)
    return mediation.answer_remedy(actor=world.people.customer_a, case=case, accept=True)


def test_a_follow_up_visit_is_booked_on_a_free_slot_with_another_worker_at_no_charge(world):
    order = world.done_order()
    case = world.report(order, category="quality")
    case = accepted(world, case, kind="reservice")
    start = at(world.company, world.day + timedelta(days=1), 10)
    assert start in follow_up_starts(order, first_day=world.day + timedelta(days=1), days=1,
                                     now=order.ends_at - timedelta(days=3))

    remedy = remedies.book_follow_up(actor=world.people.owner_a, case=case, start=start)

    follow_up = remedy.follow_up_order
    assert remedy.status == RemedyStatus.CARRIED_OUT
    assert follow_up.total == 0 and follow_up.customer_id == order.customer_id
    assert follow_up.status == OrderStatus.ASSIGNED
    assert follow_up.worker_id != order.worker_id  # the complaint is about the first worker
    rows = Assignment.objects.filter(hold_id=follow_up.hold_id)
    assert [(r.worker_id, r.status) for r in rows] == [(follow_up.worker_id, AssignmentStatus.BOOKED)]
    assert follow_up.events.get(action="book_follow_up").data == {"follow_up_of": order.pk, "case": case.pk}
    closed = mediation.close_case(actor=world.people.owner_a, case=case, reason="Visit booked")
    assert closed.status == "closed"


def test_a_follow_up_on_a_taken_time_is_refused_and_nothing_is_written(world):
    order = world.done_order()
    start = at(world.company, world.day + timedelta(days=1), 10)
    world.book(day=world.day + timedelta(days=1), hour=10, workers=(world.worker1.pk,))
    world.book(day=world.day + timedelta(days=1), hour=10, workers=(world.worker2.pk,), again=True)
    case = accepted(world, world.report(order, category="quality"), kind="reservice")

    with pytest.raises(DomainError) as taken:
        remedies.book_follow_up(actor=world.people.owner_a, case=case, start=start)

    assert taken.value.code == "slot_taken"
    case.refresh_from_db()
    assert case.remedies.get().status == RemedyStatus.ACCEPTED
    assert not case.remedies.get().follow_up_order_id


def test_a_worker_borne_credit_balances_in_the_ledger(world):
    order = world.done_order()
    case = accepted(world, world.report(order), kind="credit", bearer="worker", amount_fen=2500)
    revenue_before = balance_of(kind=AccountKind.COMPANY_REVENUE)

    remedies.grant_credit(actor=world.people.owner_a, case=case)

    worker_user = order.worker.staff_member.user_id
    assert balance_of(kind=AccountKind.CUSTOMER_CREDIT) == 2500
    assert balance_of(kind=AccountKind.WORKER_OWES, worker=worker_user) == -2500
    assert balance_of(kind=AccountKind.COMPANY_REVENUE) == revenue_before  # paid out, then recovered
    assert ledger_total() == 0


@pytest.fixture
def paid_done_order(world, client_for):
    """An order paid online through the sandbox (so it can be refunded), then done."""
    from shared_apps.payment_providers import sandbox_gateway as gateway

    order = world.book()
    answer = pay_api(client_for(world.company, world.people.customer_a), order)
    payment = Payment.objects.get(pk=answer.json()["payment_id"])
    gateway.payer_acts(payment_id=payment.provider_payment_id, action=gateway.PAY)
    assert notify(client_for(world.company), world.company, payment).status_code == 200
    return complete(order)


@pytest.mark.parametrize("bearer,owes", [("company", None), ("platform", AccountKind.PLATFORM_OWES),
                                         ("insurer", AccountKind.INSURER_OWES)])
def test_a_partial_refund_goes_through_payments_and_its_bearer_balances(world, paid_done_order, bearer, owes,
                                                                          django_capture_on_commit_callbacks):
    order = paid_done_order
    case = accepted(world, world.report(order), kind="refund", bearer=bearer, amount_fen=3000)
    revenue_before = balance_of(kind=AccountKind.COMPANY_REVENUE)

    with django_capture_on_commit_callbacks(execute=True):
        remedy = remedies.refund_remedy(actor=world.people.owner_a, case=case)

    payment = Payment.objects.get(order_id=order.pk)
    assert payment.refunded_fen == 3000 and payment.status == "partially_refunded"
    assert remedy.refund_ids == list(payment.refunds.values_list("pk", flat=True))
    assert balance_of(kind=AccountKind.REFUNDS_PAYABLE) == 3000
    if owes is None:
        assert balance_of(kind=AccountKind.COMPANY_REVENUE) == revenue_before - 3000
    else:
        assert balance_of(kind=owes) == -3000
        assert balance_of(kind=AccountKind.COMPANY_REVENUE) == revenue_before
    assert ledger_total() == 0


def test_a_refund_needs_a_finance_role(world, paid_done_order):
    case = accepted(world, world.report(paid_done_order), kind="refund", amount_fen=1000)
    with pytest.raises(DomainError) as refused:
        remedies.refund_remedy(actor=world.people.dispatcher_a, case=case)
    assert refused.value.code == "finance_only"


def test_a_remedy_the_customer_has_not_accepted_cannot_be_carried_out(world):
    order = world.done_order()
    case = world.report(order)
    mediation.acknowledge_case(actor=world.people.owner_a, case=case)
    mediation.propose_remedy(actor=world.people.owner_a, case=case, kind="credit", bearer="company", amount_fen=100)
    with pytest.raises(DomainError) as early:
        remedies.grant_credit(actor=world.people.owner_a, case=case)
    assert early.value.code == "illegal_transition"
