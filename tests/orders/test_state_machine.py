"""The transition table: every move not in it is refused, with a reason (409) or as forbidden (403)."""
from __future__ import annotations

import itertools

import pytest
from django.utils import timezone

from shared_apps.core.errors import DomainError
from shared_apps.notifications.messages import render
from tenant_apps.orders.machine import TRANSITIONS, Context, Role, find_transition
from tenant_apps.orders.models import OrderStatus

ROLES = (Role.CUSTOMER, Role.WORKER, Role.OFFICE, Role.SYSTEM)
ACTIONS = sorted({t.action for t in TRANSITIONS})
STATES = ["", *OrderStatus.values]


def _allowed(action, status, role) -> bool:
    return any(t.action == action and status in t.sources and role in t.roles for t in TRANSITIONS)


CASES = [(a, s, r) for a, s, r in itertools.product(ACTIONS, STATES, ROLES) if not _allowed(a, s, r)]


@pytest.mark.parametrize("action, status, role", CASES)
def test_every_move_outside_the_table_is_refused(action, status, role):
    with pytest.raises(DomainError) as caught:
        find_transition(status, action, Context(role=role, now=timezone.now()))

    may_ever = any(t.action == action and role in t.roles for t in TRANSITIONS)
    assert caught.value.status == (409 if may_ever else 403)
    assert caught.value.message


def test_the_happy_path_is_in_the_table():
    path = [("book", "", Role.CUSTOMER), ("pay", "pending_payment", Role.SYSTEM),
            ("assign", "pending_dispatch", Role.SYSTEM), ("accept", "assigned", Role.WORKER),
            ("depart", "accepted", Role.WORKER), ("arrive", "on_the_way", Role.WORKER),
            ("start_service", "arrived", Role.WORKER), ("complete", "in_service", Role.WORKER),
            ("review", "completed", Role.CUSTOMER)]
    for action, status, role in path:
        assert _allowed(action, status, role), action


def test_notifications_render_in_both_languages():
    context = {"service": "Deep cleaning", "start": "2026-12-01 10:00", "worker": "Wang", "eta": 15}
    assert render("order.on_the_way", context, language="en")[0] == "Your worker is on the way"
    title, body = render("order.on_the_way", context, language="zh-hans")
    assert title == "服务人员已出发" and "15" in body
