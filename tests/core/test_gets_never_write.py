"""A GET never writes: every GET endpoint and page of both URLconfs, called as every role with real
ids in its path, leaves every table as it was.

What counts as a write: any row inserted, updated or deleted in any table of any schema (public and
every company), read from PostgreSQL's own per-transaction counters (`pg_stat_xact_all_tables`),
which also count rows written and then rolled back. Signing in is done before measuring (the
session row and `last_login` are the sign-in's writes, not the GET's). The one table left out is
`django_session`: a page may consume a flash message or refresh the session, which is the
browser's state, not business data. Redis (cache, rate-limit counters) is not the database and is
not counted. The API's schema and docs pages are left out for time (they only render the schema).
"""
from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django_tenants.utils import schema_context

SKIPPED_PREFIXES = ("api/schema", "api/docs", "^media/", "^static/", "static/")
NOT_COUNTED = {"django_session"}
ROLES = ["anonymous", "customer", "worker", "dispatcher", "owner", "operator"]


def _routes(urlconf: str):
    """(route, callback) of every URL pattern; each route as a template with <name> placeholders."""
    def walk(patterns, prefix=""):
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if route.startswith(SKIPPED_PREFIXES):
                continue
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern):
                yield route, entry.callback

    return list(walk(get_resolver(urlconf).url_patterns))


def _answers_get(callback) -> bool:
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    if view_class is not None:
        return hasattr(view_class, "get")
    return True  # a function view: require_POST answers 405 without running, which the test allows


def _fill(route: str, ids: dict[str, str]) -> str:
    import re

    def value(match):
        name = match.group(1).split(":")[-1]
        return ids.get(name, "999999")

    return "/" + re.sub(r"<([^>]+)>", value, route).replace("^", "").replace("$", "")


def _write_counts() -> dict[tuple[str, str], int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT schemaname, relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_all_tables "
            "WHERE schemaname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')"
            " AND n_tup_ins + n_tup_upd + n_tup_del > 0")
        return {(schema, table): count for schema, table, count in cursor.fetchall() if table not in NOT_COUNTED}


class IdWorld:
    """Real ids for every path parameter: an order booked through the real services in company A,
    given to a worker with a real profile, and the first row of each catalog and workforce table."""

    def __init__(self, people):
        from tests.orders.conftest import World

        world = World(people)
        from shared_apps.core.actor import SYSTEM
        from tenant_apps.orders.services.booking import mark_order_paid

        order = mark_order_paid(actor=SYSTEM, order=world.book(hour=11))
        from tenant_apps.catalog.models import AddOn, Category, Holiday, ServicePhoto, Surcharge, Variant, Zone
        from tenant_apps.orders.models import Order
        from tenant_apps.orders.services.dispatch import assign_worker
        from tenant_apps.workforce.models import Shift, ShiftTemplate, TimeOff

        order = Order.objects.get(pk=order.pk)
        if order.worker_id is None:
            assign_worker(actor=people.owner_a, order=order, worker_id=world.worker1.pk)
            order.refresh_from_db()
        worker_user = order.worker.staff_member.user
        from shared_apps.notifications.models import Notification

        def first(model) -> str:
            row = model.objects.order_by("pk").first()
            return str(row.pk) if row is not None else "999999"

        self.worker_user = worker_user
        self.ids = {
            "order_id": str(order.pk), "service_id": str(world.service.pk), "category_id": first(Category),
            "variant_id": first(Variant), "add_on_id": first(AddOn), "photo_id": first(ServicePhoto),
            "surcharge_id": first(Surcharge), "zone_id": first(Zone), "holiday_id": first(Holiday),
            "worker_id": str(order.worker_id), "member_id": str(order.worker.staff_member_id),
            "template_id": first(ShiftTemplate), "shift_id": first(Shift), "time_off_id": first(TimeOff),
            "request_id": "999999", "hold_id": "00000000-0000-0000-0000-000000000000",
            "company_id": str(people.company_a.pk), "user_id": str(people.customer_a.pk),
            "notification_id": str(getattr(Notification.objects.order_by("pk").first(), "pk", 999999)),
            "id": "1",
        }
        connection.set_schema_to_public()


def _user_of(role: str, people, world: IdWorld):
    return {"anonymous": None, "customer": people.customer_a, "worker": world.worker_user,
            "dispatcher": people.dispatcher_a, "owner": people.owner_a, "operator": people.operator}[role]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("urlconf", ["config.urls_public", "config.urls_tenant"])
def test_no_get_writes_a_row(people, urlconf, role):
    world = IdWorld(people)
    host = "localhost" if urlconf == "config.urls_public" else f"{people.company_a.slug}.localhost"
    client = Client(HTTP_HOST=host, raise_request_exception=False)
    user = _user_of(role, people, world)
    if user is not None:
        client.force_login(user)
    routes = [(route, view) for route, view in _routes(urlconf) if _answers_get(view)]
    assert len(routes) > 20

    writes, crashes = {}, {}
    for route, _view in routes:
        path = _fill(route, world.ids)
        with transaction.atomic():
            before = _write_counts()
            response = client.get(path)
            connection.set_schema_to_public()
            after = _write_counts()
            transaction.set_rollback(True)  # each GET starts from the same rows, whatever the last one did
        changed = {f"{schema}.{table}": after[key] - before.get(key, 0)
                   for key in after if after[key] != before.get(key, 0) for schema, table in [key]}
        if changed:
            writes[f"GET {path} ({response.status_code})"] = changed
        if response.status_code >= 500:
            crashes[path] = response.status_code

    assert writes == {}
    assert crashes == {}


def test_the_write_detector_sees_a_write(people):
    """The detector itself: a row written (and rolled back) inside the window is seen."""
    from tenant_apps.people.services import ensure_customer

    with transaction.atomic():
        before = _write_counts()
        with schema_context(people.company_a.schema_name):
            ensure_customer(company=people.company_a, user=people.owner_a)
        after = _write_counts()
        transaction.set_rollback(True)
    assert after != before
