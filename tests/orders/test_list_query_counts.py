"""Order lists cost the same number of queries for 1, 20 and 200 orders: the customer's orders (API and
page), the office board (API and page) and the worker's inbox (API and page).

One order is booked, paid and given to a worker through the real services; the other rows are copies
of it at later times (the lists only read them), half of them with a move request waiting, so the
actions of every row are worked out (the pending-request check was a query per order).
"""
from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from shared_apps.core.actor import SYSTEM
from tenant_apps.orders.models import Order, RescheduleRequest, RescheduleStatus
from tenant_apps.orders.services import booking
from tests.orders.conftest import World

SIZES = (1, 20, 200)
PAGE_SHOWS = {"/orders/": 100}  # the customer's page lists their latest 100


def _grow_to(world: World, template: Order, size: int) -> None:
    """Copies of `template` until company A has `size` orders (each an hour later than the last)."""
    count = Order.objects.count()
    copies, requests = [], []
    for index in range(count, size):
        copy = Order.objects.get(pk=template.pk)
        copy.pk = None
        copy.starts_at = template.starts_at + timedelta(hours=index)
        copy.ends_at = template.ends_at + timedelta(hours=index)
        copies.append(copy)
    created = Order.objects.bulk_create(copies)
    for index, copy in enumerate(created):
        if index % 2 == 0:
            requests.append(RescheduleRequest(order=copy, requested_by="customer", status=RescheduleStatus.PENDING,
                                              starts_at=copy.starts_at + timedelta(days=1),
                                              ends_at=copy.ends_at + timedelta(days=1), hold_id=uuid.uuid4(), fee=0,
                                              reason="later"))
    RescheduleRequest.objects.bulk_create(requests)


def _count(client: Client, path: str, expect_rows, size: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, response.content[:500]
    assert expect_rows(response) == min(size, PAGE_SHOWS.get(path, size)), path
    return len(queries)


@pytest.fixture
def orders_world(people):
    world = World(people)
    order = booking.mark_order_paid(actor=SYSTEM, order=world.book(hour=10))
    order.refresh_from_db()
    assert order.worker_id is not None  # offered to a free worker on payment
    world.template = order
    world.worker_user = order.worker.staff_member.user
    return world


def _json_len(key=None):
    def rows(response):
        data = response.json()
        return len(data[key] if key else data)
    return rows


def _html_count(marker: str):
    return lambda response: response.content.decode().count(marker)


CASES = {
    "customer orders API": ("customer", "company", "/api/v1/orders/", _json_len()),
    "customer orders page": ("customer", "company", "/orders/", _html_count('<li class="card stack" data-order=')),
    "office board API": ("owner", "company", "/api/v1/office/orders/", _json_len("orders")),
    "office board page": ("owner", "company", "/office/orders/", _html_count('<tr data-order=')),
    "worker inbox API": ("worker", "platform", "/api/v1/worker/tasks/", _json_len()),
    "worker inbox page": ("worker", "platform", "/worker/tasks/", _html_count(' data-task=')),
}


@pytest.mark.parametrize("case", list(CASES))
def test_an_order_list_costs_the_same_queries_for_1_20_and_200_orders(orders_world, case):
    role, host, path, rows = CASES[case]
    world = orders_world
    user = {"customer": world.people.customer_a, "owner": world.people.owner_a, "worker": world.worker_user}[role]
    client = Client(HTTP_HOST="localhost" if host == "platform" else f"{world.company.slug}.localhost")
    client.force_login(user)
    counts = {}
    for size in SIZES:
        connection.set_tenant(world.company)
        _grow_to(world, world.template, size)
        connection.set_schema_to_public()
        client.get(path)  # the first request of a session fills caches (host, settings); not what is pinned
        counts[size] = _count(client, path, rows, size)
    assert counts[1] == counts[20] == counts[200], counts
    assert counts[200] <= 25, counts
