"""SLA clocks pause exactly while the case waits on the customer and are flagged breached by beat;
notes are read by their side only; every move is recorded with its actor."""
from __future__ import annotations

from datetime import timedelta

import pytest

from shared_apps.core.actor import SYSTEM
from shared_apps.core.errors import DomainError, NotFound
from tenant_apps.aftersales.machine import Side
from tenant_apps.aftersales.models import CaseStatus, CaseTimer, TimerKind
from tenant_apps.aftersales.selectors import notes_for
from tenant_apps.aftersales.services import mediation
from tenant_apps.aftersales.services.deadlines import flag_breaches
from tests.aftersales.conftest import completed_at


def timer(case, kind):
    return CaseTimer.objects.get(case=case, kind=kind)


def test_waiting_on_the_customer_pauses_the_clocks_exactly_and_answering_resumes_them(world):
    order = world.done_order()
    t0 = completed_at(order)
    case = world.report(order, now=t0)
    owner, customer = world.people.owner_a, world.people.customer_a
    case = mediation.acknowledge_case(actor=owner, case=case, now=t0 + timedelta(hours=1))
    assert timer(case, TimerKind.ACKNOWLEDGE).stopped_at is not None
    remedy_clock = timer(case, TimerKind.REMEDY)
    assert remedy_clock.due_at == t0 + timedelta(hours=48)

    # given the office asks the customer 2 h after the report, and they answer 30 h later
    mediation.ask_customer(actor=owner, case=case, question="Which vase?", now=t0 + timedelta(hours=2))
    paused = timer(case, TimerKind.REMEDY)
    assert paused.running_since is None and paused.due_at is None
    assert paused.used == timedelta(hours=2)
    # beat during the pause flags nothing, however long the customer takes
    assert flag_breaches(actor=SYSTEM, now=t0 + timedelta(hours=49)) == 0

    mediation.add_note(actor=customer, case=case, side=Side.CUSTOMER, text="The blue one",
                       now=t0 + timedelta(hours=32))
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_MEDIATION
    resumed = timer(case, TimerKind.REMEDY)
    # then the 30 h of waiting do not count: 46 h are left from the answer
    assert resumed.due_at == t0 + timedelta(hours=32 + 46)

    assert flag_breaches(actor=SYSTEM, now=t0 + timedelta(hours=32 + 45)) == 0
    assert flag_breaches(actor=SYSTEM, now=t0 + timedelta(hours=32 + 47)) == 1
    assert timer(case, TimerKind.REMEDY).breached_at == t0 + timedelta(hours=78)
    # the close clock paused too: 2 + (170 - 32) = 140 h of its 168 h used by then, not breached
    assert flag_breaches(actor=SYSTEM, now=t0 + timedelta(hours=170)) == 0
    assert flag_breaches(actor=SYSTEM, now=t0 + timedelta(hours=32 + 167)) == 1


def test_an_unacknowledged_case_breaches_its_acknowledge_clock_once(world):
    order = world.done_order()
    t0 = completed_at(order)
    case = world.report(order, now=t0)
    assert flag_breaches(actor=SYSTEM, now=t0 + timedelta(hours=3)) == 0
    assert flag_breaches(actor=SYSTEM, now=t0 + timedelta(hours=5)) == 1
    assert flag_breaches(actor=SYSTEM, now=t0 + timedelta(hours=6)) == 0
    assert case.events.filter(action="breach").count() == 1
    assert timer(case, TimerKind.ACKNOWLEDGE).breached_at == t0 + timedelta(hours=4)


def test_notes_are_read_by_their_side_only(world):
    order = world.done_order()
    case = world.report(order)
    owner = world.people.owner_a
    mediation.acknowledge_case(actor=owner, case=case)
    mediation.add_note(actor=owner, case=case, side=Side.OFFICE, visibility="customer", text="For the customer")
    mediation.add_note(actor=owner, case=case, side=Side.OFFICE, visibility="worker", text="For the worker")
    mediation.add_note(actor=owner, case=case, side=Side.OFFICE, visibility="office", text="Office only")
    mediation.add_note(actor=world.people.customer_a, case=case, side=Side.CUSTOMER, visibility="office",
                       text="From the customer")

    def texts(side):
        return [n.text for n in notes_for(case, side)]

    assert texts("customer") == ["For the customer", "From the customer"]
    assert texts("worker") == ["For the worker"]
    assert texts("office") == ["For the customer", "For the worker", "Office only", "From the customer"]


def test_each_move_is_recorded_with_its_actor_and_side_and_illegal_moves_are_refused(world):
    order = world.done_order()
    case = world.report(order)
    owner, customer = world.people.owner_a, world.people.customer_a
    with pytest.raises(DomainError) as early:
        mediation.propose_remedy(actor=owner, case=case, kind="credit", bearer="company", amount_fen=500)
    assert early.value.code == "illegal_transition"
    mediation.acknowledge_case(actor=owner, case=case)
    mediation.propose_remedy(actor=owner, case=case, kind="credit", bearer="company", amount_fen=500)
    with pytest.raises(NotFound):  # only the customer answers the proposal, not the office for them
        mediation.answer_remedy(actor=owner, case=case, accept=True)
    mediation.answer_remedy(actor=customer, case=case, accept=False, reason="Not enough")
    mediation.close_case(actor=owner, case=case, reason="Customer declined; offered what policy allows")
    rows = list(case.events.values_list("action", "from_status", "to_status", "actor_id", "actor_role"))
    assert rows == [
        ("report", "", "open", customer.pk, "customer"),
        ("acknowledge", "open", "acknowledged", owner.pk, "office"),
        ("propose_remedy", "acknowledged", "remedy_proposed", owner.pk, "office"),
        ("reject_remedy", "remedy_proposed", "remedy_rejected", customer.pk, "customer"),
        ("close", "remedy_rejected", "closed", owner.pk, "office"),
    ]
    assert all(t.stopped_at is not None for t in CaseTimer.objects.filter(case=case))


def test_a_breach_flagged_by_beat_reaches_the_console_copy_of_an_escalated_case(world):
    from django.db import connection
    from django_tenants.utils import schema_context

    from shared_apps.console.models import EscalatedCase

    order = world.done_order()
    t0 = completed_at(order)
    case = world.report(order, now=t0)
    mediation.escalate_case(actor=world.people.customer_a, case=case, side=Side.CUSTOMER, reason="Nobody answers",
                            now=t0 + timedelta(hours=1))
    connection.set_schema_to_public()
    assert EscalatedCase.objects.get(case_id=case.pk, company=world.company).sla_breached is False

    with schema_context(world.company.schema_name):  # as the beat task enters each company
        assert flag_breaches(actor=SYSTEM, now=t0 + timedelta(hours=5)) == 1

    row = EscalatedCase.objects.get(case_id=case.pk, company=world.company)
    assert row.sla_breached is True and row.status == CaseStatus.OPEN
