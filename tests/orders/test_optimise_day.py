"""Optimise a day (issue 16 point 5): the plan gives the orders waiting for a worker to the workers
who can take them at their booked time (never to one who declined), explains what it cannot place,
changes nothing until applied; Apply gives every job or none; only dispatchers may do either.

The day is reached as the product reaches it (tests/pages/test_dispatch_board.py): worker One or Two
has an offered job at 10:00, the other declined the second 10:00 job, which waits; Three joined later
and lives 15 minutes away."""
from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from shared_apps.changes.models import Change
from shared_apps.core.errors import DomainError
from tenant_apps.orders.models import Order, OrderStatus
from tenant_apps.orders.optimise import optimise_day
from tenant_apps.orders.services import optimise as optimise_service
from tenant_apps.workforce.services import set_week_template
from tests.pages.test_dispatch_board import Board

PLAN = "/api/v1/office/dispatch/optimise/"
APPLY = "/api/v1/office/dispatch/optimise/apply/"


@pytest.fixture
def board(people):
    return Board(people)


def _plan(board, **kw):
    return optimise_day(day=date.fromisoformat(board.day), now=timezone.now(), **kw)


def test_the_plan_gives_the_waiting_job_to_the_free_worker_and_changes_nothing(board):
    plan = _plan(board)

    assert [(m.order_id, m.from_worker, m.to_worker) for m in plan.moves] == [(board.waiting.pk, None, board.free.pk)]
    assert plan.moves[0].starts_at == board.waiting.starts_at  # the booked time is kept
    assert plan.unplaced == []
    assert plan.total_travel >= 30  # Three comes 15 minutes from home and goes back
    assert plan.worker_minutes[board.free.pk] >= 120 + 30
    board.waiting.refresh_from_db()
    assert board.waiting.status == OrderStatus.PENDING_DISPATCH and board.waiting.worker_id is None


def test_a_job_nobody_can_take_is_left_out_with_the_reason(board, people):
    set_week_template(actor=people.owner_a, worker=board.free, shifts=[])  # Three does not work that day

    plan = _plan(board)

    assert plan.moves == []
    assert [(u.order_id, u.code) for u in plan.unplaced] == [(board.waiting.pk, "no_room")]
    assert "busy" in plan.unplaced[0].message  # the worker who could is busy, the other declined it


def test_applying_gives_the_job_and_records_who_did_it(board, people):
    plan = _plan(board)

    orders = optimise_service.apply_plan(actor=people.dispatcher_a, moves=plan.payload()["moves"], day=board.day)

    assert [(o.pk, o.worker_id, o.status) for o in orders] == [(board.waiting.pk, board.free.pk, OrderStatus.ASSIGNED)]
    change = Change.objects.get(action="orders.day_optimised")
    assert change.actor_id == people.dispatcher_a.pk and change.data["moves"][0]["to_worker"] == board.free.pk


def test_a_change_between_plan_and_apply_applies_nothing_and_says_why(board, people):
    moves = _plan(board).payload()["moves"]
    assert [m["to_worker"] for m in moves] == [board.free.pk]
    # meanwhile Three is held for another customer's visit at 10:00: the move cannot be made
    board.world.book(hour=10, again=True, workers=(board.free.pk,))

    with pytest.raises(DomainError) as refused:
        optimise_service.apply_plan(actor=people.dispatcher_a, moves=moves, day=board.day)

    assert refused.value.code == "plan_outdated" and refused.value.status == 409
    assert f"#{board.waiting.pk}" in refused.value.message and "Nothing was applied" in refused.value.message
    board.waiting.refresh_from_db()
    assert board.waiting.worker_id is None and board.waiting.status == OrderStatus.PENDING_DISPATCH
    assert not Change.objects.filter(action="orders.day_optimised").exists()


def test_a_later_move_refused_rolls_back_the_earlier_ones(board, people):
    """Two moves: the first is made, the second finds its order changed; the first is undone."""
    plan = _plan(board)
    moves = plan.payload()["moves"]
    busy = Order.objects.get(pk=board.busy.pk)
    # a stale second move: the busy job, planned as if it were still waiting
    moves.append({"order": busy.pk, "from_worker": None, "to_worker": board.free.pk,
                  "starts_at": busy.starts_at.isoformat()})

    with pytest.raises(DomainError) as refused:
        optimise_service.apply_plan(actor=people.dispatcher_a, moves=moves, day=board.day)

    assert f"#{busy.pk}" in refused.value.message and "another worker" in refused.value.message
    assert Order.objects.get(pk=board.waiting.pk).worker_id is None
    assert Order.objects.get(pk=busy.pk).worker_id == board.busy_worker.pk


def test_the_api_plans_and_applies_for_dispatchers_only(board, people, client_for):
    dispatcher = client_for(board.world.company, people.dispatcher_a)

    preview = dispatcher.post(PLAN, {"day": board.day}, content_type="application/json")
    assert preview.status_code == 200, preview.content
    body = preview.json()
    assert [(m["order"], m["to_name"]) for m in body["moves"]] == [(board.waiting.pk, "Three")]
    assert Order.objects.get(pk=board.waiting.pk).worker_id is None  # planning wrote nothing

    for user in (people.worker_a, people.customer_a):
        client = client_for(board.world.company, user)
        assert client.post(PLAN, {"day": board.day}, content_type="application/json").status_code == 403
        assert client.post(APPLY, body["plan"], content_type="application/json",
                           HTTP_IDEMPOTENCY_KEY="k-no").status_code == 403
    assert dispatcher.post(PLAN, {"day": "soon"}, content_type="application/json").status_code == 400

    applied = dispatcher.post(APPLY, body["plan"], content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert applied.status_code == 200, applied.content
    assert applied.json()["orders"] == [{"order": board.waiting.pk, "worker": board.free.pk, "status": "assigned"}]
    again = dispatcher.post(APPLY, body["plan"], content_type="application/json", HTTP_IDEMPOTENCY_KEY="k-2")
    assert again.status_code == 409 and again.json()["code"] == "plan_outdated"  # a new key: the plan is stale


def test_moving_assigned_jobs_too_hands_the_far_workers_job_to_the_near_one(board, people):
    """The busy job's worker lives 10 km away, the one who declined the waiting job lives at the jobs:
    with "also move assigned jobs" the busy job goes to them (they have not accepted it yet), and the
    waiting job, which they declined, to Three, 15 minutes away. Without it, only the waiting job moves."""
    from tenant_apps.workforce.services import update_worker_profile
    from tests.workforce.builders import SHANGHAI

    far = board.busy_worker
    near = next(w for w in (board.world.worker1, board.world.worker2) if w.pk != far.pk)
    update_worker_profile(actor=people.owner_a, worker=far, changes={"home": {
        "latitude": SHANGHAI.latitude, "longitude": SHANGHAI.longitude + 10 / (111.32 * 0.8549)}})
    assert [m.order_id for m in _plan(board).moves] == [board.waiting.pk]

    plan = _plan(board, move_assigned=True)

    assert {(m.order_id, m.from_worker, m.to_worker) for m in plan.moves} == {
        (board.busy.pk, far.pk, near.pk), (board.waiting.pk, None, board.free.pk)}
    assert plan.total_travel < plan.travel_now  # the far worker's hour on the road is gone, Three adds 30 min
    orders = optimise_service.apply_plan(actor=people.dispatcher_a, moves=plan.payload()["moves"], day=board.day)
    assert {(o.pk, o.worker_id) for o in orders} == {(board.busy.pk, near.pk), (board.waiting.pk, board.free.pk)}
    assert all(o.status == OrderStatus.ASSIGNED for o in orders)


def test_a_crew_job_is_left_to_the_office_and_its_workers_stay_busy_then(board):
    """Crews are dispatched by hand: with "also move assigned jobs" a crew job is not moved, and the
    time it holds its workers for still counts, so nothing else is planned onto them then (the busy
    worker, at the jobs, would otherwise look like the nearest free one for the waiting job)."""
    Order.objects.filter(pk=board.busy.pk).update(crew_size=2)

    plan = _plan(board, move_assigned=True)

    assert [(u.order_id, u.code) for u in plan.unplaced] == [(board.busy.pk, "crew")]
    assert [(m.order_id, m.to_worker) for m in plan.moves] == [(board.waiting.pk, board.free.pk)]
