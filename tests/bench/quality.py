"""Credit score figures, in process on a dedicated bench company: 1,000 workers with 200 finished
visits each in the last 180 days (200,000 orders with their arrival and completion events, some late,
some dropped), written by SQL and kept for --reuse-db.

credit_recompute_s: the nightly recompute of the whole company (tenant_apps.quality.services.
recompute_credit_scores: read every visit in the window, the company norms, score each worker, store
1,000 scores with their components), seconds for the whole run.
"""
from __future__ import annotations

import statistics
import time

from .environment import say
from .registry import Bench, Figure, benchmark

SLUG = "bench-credit"
WORKERS = 1_000
VISITS = 200
CUSTOMERS = 2_000
PHONE_PREFIX = "+86136"


def _phone(n: int) -> str:
    return f"{PHONE_PREFIX}{n:08d}"


def _company():
    from tenants.models import Company
    from tenants.services import OwnerInput, sign_up_company

    company = Company.objects.filter(slug=SLUG).first()
    if company is None:
        company = sign_up_company(name="Bench Credit", slug=SLUG, vertical="housekeeping", owner=OwnerInput(
            phone=_phone(0), email="owner@bench-credit.example", password="correct-horse-battery-staple",
            name="Bench Owner")).company
    return company


def _build() -> None:
    """Workers, customers, a service, and the visits with their events (SQL: 200,000 orders in seconds)."""
    from django.db import connection, transaction

    from shared_apps.accounts.models import User
    from tenant_apps.catalog import services as catalog
    from tenant_apps.people.models import Customer, StaffMember, StaffRole
    from tenant_apps.workforce.models import WorkerProfile

    owner = User.objects.get(phone=_phone(0))
    with transaction.atomic():
        category = catalog.create_category(actor=owner, values={"name": {"en": "Bench credit"}})
        service = catalog.create_service(actor=owner, values={
            "name": {"en": "Bench credit"}, "category": category, "default_duration_minutes": 120})
        users = User.objects.bulk_create(User(phone=_phone(1 + n), name=f"Credit Worker {n}") for n in range(WORKERS))
        members = StaffMember.objects.bulk_create(
            StaffMember(user=user, role=StaffRole.WORKER, display_name=user.name) for user in users)
        WorkerProfile.objects.bulk_create(WorkerProfile(staff_member=member) for member in members)
        buyers = User.objects.bulk_create(User(phone=_phone(100_000 + n), name=f"Credit Customer {n}")
                                          for n in range(CUSTOMERS))
        customers = Customer.objects.bulk_create(Customer(user=user, name=user.name) for user in buyers)
        with connection.cursor() as cursor:
            # Visit g is worker g % WORKERS's (g // WORKERS)-th, 20 hours apart going back from yesterday.
            cursor.execute(
                "INSERT INTO orders_order (service_name, status, request, lines, cancellation_tiers, total, currency,"
                " duration_minutes, crew_size, starts_at, ends_at, hold_id, address_line, district, contact_name,"
                " contact_phone, notes, requirements, payment_method, payment_reference, fees_charged,"
                " completion_note, created_at, updated_at, customer_id, service_id, purchase,"
                " location_is_approximate, worker_id)"
                " SELECT 'Bench credit', CASE WHEN g %% 97 = 0 THEN 'cancelled' ELSE 'completed' END, '{}', '[]',"
                " '[]', 10000, 'CNY', 120, 1, s, s + interval '2 hours', gen_random_uuid(), 'Bench', '', 'Bench',"
                " '+8618600186001', '', '[]', 'online', '', 0, '', now(), now(),"
                " (%s::bigint[])[1 + g %% %s], %s, '{}', false,"
                " (%s::bigint[])[1 + g %% %s]"
                " FROM generate_series(0, %s - 1) g,"
                " LATERAL (SELECT date_trunc('hour', now()) - interval '1 day' - (g / %s) * interval '20 hours' AS s)"
                " t",
                [[c.pk for c in customers], CUSTOMERS, service.pk, [m.pk for m in members], WORKERS,
                 WORKERS * VISITS, WORKERS])
            cursor.execute(
                "INSERT INTO orders_orderevent (action, from_status, to_status, actor_name, actor_role, reason, data,"
                " created_at, updated_at, order_id)"
                " SELECT 'arrive', 'on_the_way', 'arrived', 'bench', 'worker', '', '{}'::jsonb,"
                " o.starts_at + (o.id %% 23 - 12) * interval '1 minute', now(), o.id"
                " FROM orders_order o WHERE o.service_id = %s AND o.status = 'completed'"
                " UNION ALL"
                " SELECT 'complete', 'in_service', 'completed', 'bench', 'worker', '', '{}'::jsonb, o.ends_at, now(),"
                " o.id"
                " FROM orders_order o WHERE o.service_id = %s AND o.status = 'completed'"
                " UNION ALL"  # every 97th visit: dropped by its worker after accepting
                " SELECT 'decline', 'accepted', 'pending_dispatch', 'bench', 'worker', 'bench',"
                " jsonb_build_object('worker', o.worker_id), o.starts_at - interval '1 day', now(), o.id"
                " FROM orders_order o WHERE o.service_id = %s AND o.status = 'cancelled'",
                [service.pk, service.pk, service.pk])
            cursor.execute("ANALYZE orders_order; ANALYZE orders_orderevent")


@benchmark("credit", changes_data=True,
           description="the nightly credit score recompute, 1,000 workers x 200 visits: seconds")
def credit(bench: Bench):
    from django_tenants.utils import tenant_context

    from shared_apps.core.actor import SYSTEM
    from tenant_apps.quality.services.credit import recompute_credit_scores
    from tenant_apps.workforce.models import WorkerProfile

    company = _company()
    with tenant_context(company):
        if WorkerProfile.objects.count() < WORKERS:
            started = time.monotonic()
            _build()
            say(f"credit: {WORKERS} workers x {VISITS} visits written in {time.monotonic() - started:.1f} s")
        runs = []
        for _ in range(bench.repeat(3, 1)):
            began = time.perf_counter()
            stored = recompute_credit_scores(actor=SYSTEM)
            runs.append(time.perf_counter() - began)
        assert stored >= WORKERS, stored
    say(f"credit: {stored} workers scored; runs {', '.join(f'{r:.2f}' for r in runs)} s")
    yield Figure("credit_recompute_s", statistics.median(runs), "s")
