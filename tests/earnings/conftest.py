"""Earnings test set-up: the orders world (company A, a service, two workers) and a helper that walks
an order to completion through the real services."""
from __future__ import annotations

import pytest

from shared_apps.core.actor import SYSTEM
from tests.orders.conftest import World
from tests.workforce.builders import SHANGHAI


def complete(world: World, *, hour: int = 10, day=None):
    """Book, pay (the office's "payment received"), accept, go, arrive, work and finish an order."""
    from tenant_apps.orders.services import booking, lifecycle

    order = booking.mark_order_paid(actor=SYSTEM, order=world.book(hour=hour, day=day), reference="pay")
    worker = order.worker
    user = worker.staff_member.user
    order = lifecycle.accept_task(actor=user, worker=worker, order=order)
    order = lifecycle.set_off(actor=user, worker=worker, order=order, eta_minutes=20)
    order = lifecycle.arrive(actor=user, worker=worker, order=order, location=(SHANGHAI.latitude, SHANGHAI.longitude))
    order = lifecycle.start_service(actor=user, worker=worker, order=order, now=order.starts_at)
    return lifecycle.complete_task(actor=user, worker=worker, order=order, note="Done", now=order.ends_at)


@pytest.fixture
def world(people):
    return World(people)
