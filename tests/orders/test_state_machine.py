"""The transition table: every move not in it is refused, with a reason (409) or as forbidden (403)."""
from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from shared_apps.core.errors import DomainError
from shared_apps.notifications.messages import render
from tenant_apps.orders.machine import TRANSITIONS, Context, Role, find_transition

ROLES = (Role.CUSTOMER, Role.WORKER, Role.OFFICE, Role.SYSTEM)
ACTIONS = sorted({t.action for t in TRANSITIONS})


def _allowed(action, status, role) -> bool:
    return any(t.action == action and status in t.sources and role in t.roles for t in TRANSITIONS)


def test_the_happy_path_is_in_the_table():
    path = [("book", "", Role.CUSTOMER), ("pay", "pending_payment", Role.SYSTEM),
            ("assign", "pending_dispatch", Role.SYSTEM), ("accept", "assigned", Role.WORKER),
            ("depart", "accepted", Role.WORKER), ("arrive", "on_the_way", Role.WORKER),
            ("start_service", "arrived", Role.WORKER), ("complete", "in_service", Role.WORKER),
            ("review", "completed", Role.CUSTOMER)]
    for action, status, role in path:
        assert _allowed(action, status, role), action


# ---- the guards, run on real orders ----------------------------------------------------------------
# What each role may do to a real order in each state, written down by hand from the lifecycle (not
# read from the table under test), with a willing caller: the order's own worker, a reason given, a
# worker chosen. Guards refuse the rest: the company takes no payment on site, the time to pay has
# not run out, nothing is paid before payment.
C, W, OF, Y = Role.CUSTOMER, Role.WORKER, Role.OFFICE, Role.SYSTEM
ANSWERS = {"approve_reschedule", "decline_reschedule", "withdraw_reschedule"}
BEFORE_VISIT_CUSTOMER = {"cancel", "request_reschedule", *ANSWERS}
SPEC: dict[str, dict[str, set[str]]] = {
    "pending_payment": {C: {"cancel"}, W: set(), OF: {"pay", "cancel", "reschedule"}, Y: {"pay", "raise_exception"}},
    "pending_dispatch": {C: BEFORE_VISIT_CUSTOMER, W: {"withdraw_reschedule"},
                         OF: {"assign", "cancel", "reschedule", *ANSWERS},
                         Y: {"assign", "withdraw_reschedule", "raise_exception"}},
    "assigned": {C: BEFORE_VISIT_CUSTOMER, W: {"accept", "decline", "request_reschedule", *ANSWERS},
                 OF: {"release", "reassign", "cancel", "reschedule", *ANSWERS},
                 Y: {"release", "reassign", "expire_offer", "withdraw_reschedule", "raise_exception"}},
    "accepted": {C: BEFORE_VISIT_CUSTOMER, W: {"decline", "depart", "request_reschedule", *ANSWERS},
                 OF: {"release", "reassign", "cancel", "reschedule", *ANSWERS},
                 Y: {"release", "reassign", "withdraw_reschedule", "raise_exception"}},
    "on_the_way": {C: {"cancel"}, W: {"arrive"}, OF: {"cancel"}, Y: {"raise_exception"}},
    "arrived": {C: set(), W: {"start_service", "customer_no_show"}, OF: {"cancel"}, Y: {"raise_exception"}},
    "in_service": {C: set(), W: {"complete"}, OF: {"cancel"}, Y: {"raise_exception"}},
    "completed": {C: {"review", "dispute"}, W: set(), OF: {"dispute", "refund"}, Y: {"refund", "raise_exception"}},
    "reviewed": {C: {"dispute"}, W: set(), OF: {"dispute"}, Y: {"raise_exception"}},
    "cancelled": {C: set(), W: set(), OF: {"refund"}, Y: {"refund", "raise_exception"}},
    "disputed": {C: set(), W: set(), OF: {"resolve", "refund"}, Y: {"refund", "raise_exception"}},
    "refunded": {C: set(), W: set(), OF: set(), Y: {"raise_exception"}},
}
# Moves a role makes in some state, but that a guard refuses on these orders (so a refusal is 409).
GUARDED = {("choose_pay_on_site", C), ("expire", Y), ("book", C), ("book_follow_up", OF)}


def _walk_real_orders(people) -> dict:
    """One order in each state of company A, walked there by the real services."""
    from shared_apps.core.actor import SYSTEM
    from tenant_apps.orders.services import booking, lifecycle
    from tests.orders.conftest import World
    from tests.workforce.builders import SHANGHAI

    w = World(people)
    customer, here = people.customer_a, (SHANGHAI.latitude, SHANGHAI.longitude)
    day2 = w.day + timedelta(days=1)
    orders = {"pending_payment": w.book(hour=9)}

    def paid(hour, day=None):
        order = booking.mark_order_paid(actor=SYSTEM, order=w.book(hour=hour, day=day))
        return order, order.worker, order.worker.staff_member.user

    def to_completed(hour, day=None, keep=None):
        o, worker, user = paid(hour, day)
        o = lifecycle.accept_task(actor=user, worker=worker, order=o)
        # The visit happens at its own time: starting or finishing days early needs a reason.
        steps = (("on_the_way", lambda o: lifecycle.set_off(actor=user, worker=worker, order=o, eta_minutes=10)),
                 ("arrived", lambda o: lifecycle.arrive(actor=user, worker=worker, order=o, location=here)),
                 ("in_service", lambda o: lifecycle.start_service(actor=user, worker=worker, order=o,
                                                                  now=o.starts_at)),
                 ("completed", lambda o: lifecycle.complete_task(actor=user, worker=worker, order=o, note="Done",
                                                                 now=o.ends_at)))
        for status, step in steps:
            o = step(o)
            if keep is not None:
                keep[status] = type(o).objects.get(pk=o.pk)  # this stage's row, before the next step
        return o

    o, worker, user = paid(10)
    orders["assigned"] = o
    o, worker, user = paid(12)
    orders["accepted"] = lifecycle.accept_task(actor=user, worker=worker, order=o)
    stages: dict = {}
    orders["reviewed"] = booking.review_order(actor=customer, order=to_completed(14, keep=stages))
    for status, row in stages.items():  # rows read at each stage: the guards see that stage
        orders[status] = row
    orders["disputed"] = lifecycle.dispute_order(actor=customer, order=to_completed(16), role=C, reason="Streaks")
    o, worker, user = paid(10, day2)
    orders["cancelled"] = lifecycle.cancel_order(actor=customer, order=o, role=C, expected_fee=0)
    o, worker, user = paid(12, day2)
    orders["refunded"] = lifecycle.refund_order(
        actor=SYSTEM, order=lifecycle.cancel_order(actor=customer, order=o, role=C, expected_fee=0), reason="-")
    o, worker, user = paid(14, day2)
    o = lifecycle.decline_task(actor=user, worker=worker, order=o, reason="Sick")
    other, other_user = o.worker, o.worker.staff_member.user
    orders["pending_dispatch"] = lifecycle.decline_task(actor=other_user, worker=other, order=o, reason="Sick")
    return orders


def _ctx(role, order) -> Context:
    """A willing caller: the order's own worker (a real one not theirs when it has none), a reason, a
    worker chosen for the office."""
    from tenant_apps.workforce.models import WorkerProfile

    worker_id = order.worker_id or WorkerProfile.objects.order_by("pk").values_list("pk", flat=True).first()
    # At the door, it is the visit's time (starting days early is guarded by the early-start window).
    now = order.starts_at if order.status in ("arrived", "in_service") else timezone.now()
    return Context(role=role, now=now, reason="A reason",
                   worker_id=worker_id if role == Role.WORKER else None,
                   data={"worker_id": 1, "allow_pay_on_site": False})


def _outcome(order, role, action):
    try:
        find_transition(order.status, action, _ctx(role, order), order)
    except DomainError as refused:
        assert refused.message
        return refused.status, refused.code
    return "allowed"


def test_the_guards_on_real_orders_in_every_state_for_every_role_and_action(people):
    orders = _walk_real_orders(people)
    assert {status: o.status for status, o in orders.items()} == {status: status for status in SPEC}

    wrong = []
    for status, order in orders.items():
        for role in ROLES:
            for action in ACTIONS:
                ever = any(action in by_role[role] for by_role in SPEC.values()) or (action, role) in GUARDED
                expected = ("allowed" if action in SPEC[status][role] else
                            (409, "illegal_transition") if ever else (403, "permission_denied"))
                got = _outcome(order, role, action)
                if got != expected:
                    wrong.append(f"{action} by {role} on {status}: expected {expected}, got {got}")

    assert wrong == []


def test_a_pending_move_request_holds_back_the_worker_s_departure_on_a_real_order(people):
    from tenant_apps.orders.services import reschedule

    orders = _walk_real_orders(people)
    accepted = orders["accepted"]
    assert _outcome(accepted, W, "depart") == "allowed"
    reschedule.request_reschedule(actor=people.customer_a, order=accepted, role=C,
                                  start=accepted.starts_at + timedelta(days=2), expected_fee=0)

    assert _outcome(accepted, W, "depart") == (409, "illegal_transition")
    assert _outcome(accepted, C, "request_reschedule") == (409, "illegal_transition")


def test_notifications_render_in_both_languages():
    context = {"service": "Deep cleaning", "start": "2026-12-01 10:00", "worker": "Wang", "eta": 15}
    assert render("order.on_the_way", context, language="en")[0] == "Your worker is on the way"
    title, body = render("order.on_the_way", context, language="zh-hans")
    assert title == "服务人员已出发" and "15" in body
