"""Dispatch figures, in process on a dedicated bench company (200 workers, 1,000 booked jobs over the
next week, made with bulk inserts and kept for --reuse-db).

rank_candidates_p95_ms: rank_candidates() for one order over the 200 workers (skills, radius, shifts,
free with travel, score), p95 of repeated calls.
batch_assign_s: automatic dispatch's first offer for 500 paid orders waiting for a worker through the
bulk path, dispatch.offer_in_bulk (lock them all, read the workers' days once, give each order in memory
to its best free worker, then write every offer at once: scheduling's book_workers, one UPDATE of the
orders, one INSERT of their events, one of the notices, one deadline task): the whole batch's seconds.
batch_assign_one_by_one_s (not with --quick: it takes a minute or two) is the same orders through
offer_automatically one after another, for comparison.
"""
from __future__ import annotations

import random
import statistics
import time as clock
import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from .environment import say
from .registry import Bench, Figure, benchmark

SLUG = "bench-dispatch"
WORKERS = 200
JOBS = 1_000
ORDERS = 500
DAYS = 5
SKILL = "bench-dispatch"
PHONE_PREFIX = "+86135"
CENTER = (31.2304, 121.4737)


def _phone(n: int) -> str:
    return f"{PHONE_PREFIX}{n:08d}"


def _near(rng: random.Random, km: float = 12) -> tuple[float, float]:
    return (round(CENTER[0] + rng.uniform(-km, km) / 111.0, 6), round(CENTER[1] + rng.uniform(-km, km) / 95.0, 6))


def _company():
    from tenants.models import Company
    from tenants.services import OwnerInput, sign_up_company

    company = Company.objects.filter(slug=SLUG).first()
    if company is None:
        company = sign_up_company(name="Bench Dispatch", slug=SLUG, vertical="housekeeping", owner=OwnerInput(
            phone=_phone(0), email="owner@bench-dispatch.example", password="correct-horse-battery-staple",
            name="Bench Owner")).company
    return company


def _build(company) -> None:
    """Workers with week templates and homes, booked jobs, a service and a customer."""
    from django.db import transaction
    from django.db.backends.postgresql.psycopg_any import DateTimeTZRange

    from shared_apps.accounts.models import User
    from tenant_apps.catalog import services as catalog
    from tenant_apps.people.models import Customer, StaffMember, StaffRole
    from tenant_apps.scheduling.models import Assignment, AssignmentStatus
    from tenant_apps.workforce.models import ShiftTemplate, WorkerProfile

    rng = random.Random(16)
    owner = User.objects.get(phone=_phone(0))
    zone = ZoneInfo(company.time_zone)
    with transaction.atomic():
        category = catalog.create_category(actor=owner, values={"name": {"en": "Bench"}})
        service = catalog.create_service(actor=owner, values={
            "name": {"en": "Bench dispatch"}, "category": category, "default_duration_minutes": 90,
            "required_skills": [SKILL], "min_lead_minutes": 60})
        catalog.create_variant(actor=owner, service=service, values={
            "name": {"en": "Standard"}, "price_model": "fixed", "base_price": 10000})
        users = User.objects.bulk_create(User(phone=_phone(1 + n), name=f"Dispatch Worker {n}")
                                         for n in range(WORKERS))
        members = StaffMember.objects.bulk_create(
            StaffMember(user=user, role=StaffRole.WORKER, display_name=user.name) for user in users)
        profiles = []
        for n, member in enumerate(members):
            lat, lng = _near(rng)
            profiles.append(WorkerProfile(staff_member=member, skills=[SKILL], level=rng.randint(1, 10),
                                          home_latitude=lat, home_longitude=lng,
                                          service_radius_km=30 if n % 4 == 0 else None))
        WorkerProfile.objects.bulk_create(profiles)
        ShiftTemplate.objects.bulk_create(
            ShiftTemplate(worker=profile, weekday=day, start_time=time(8), end_time=time(20))
            for profile in profiles for day in range(1, 8))
        today = datetime.now(zone).date()
        rows = []
        for index in range(JOBS):
            profile = profiles[index % WORKERS]
            day = today + timedelta(days=1 + rng.randrange(DAYS))
            start = datetime(day.year, day.month, day.day, 8 + 2 * rng.randrange(6), tzinfo=zone)
            end = start + timedelta(minutes=90)
            lat, lng = _near(rng)
            rows.append(Assignment(worker=profile, status=AssignmentStatus.BOOKED, hold_id=uuid.uuid4(),
                                   service=service, starts_at=start, ends_at=end,
                                   period=DateTimeTZRange(start, end + timedelta(minutes=15)),
                                   latitude=lat, longitude=lng))
        Assignment.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
        customer_user = User.objects.create(phone=_phone(90_000), name="Bench Customer")
        Customer.objects.create(user=customer_user, name=customer_user.name)


def _orders(company, count: int, rng: random.Random) -> list[int]:
    """`count` paid orders waiting for a worker, at random grid times of the next days (no rows yet)."""
    from tenant_apps.catalog.models import Service
    from tenant_apps.orders.models import Order, OrderStatus
    from tenant_apps.people.models import Customer

    zone = ZoneInfo(company.time_zone)
    today = datetime.now(zone).date()
    service = Service.objects.get(required_skills=[SKILL])
    customer = Customer.objects.get(user__phone=_phone(90_000))
    made = []
    for _n in range(count):
        day = today + timedelta(days=1 + rng.randrange(DAYS))
        start = datetime(day.year, day.month, day.day, 8 + rng.randrange(10), rng.choice((0, 30)), tzinfo=zone)
        lat, lng = _near(rng)
        made.append(Order(customer=customer, service=service, service_name="Bench dispatch",
                          status=OrderStatus.PENDING_DISPATCH, total=10000, duration_minutes=90, starts_at=start,
                          ends_at=start + timedelta(minutes=90), hold_id=uuid.uuid4(), address_line="Bench",
                          latitude=lat, longitude=lng, contact_name="Bench", contact_phone="+8618600186001",
                          paid_at=datetime.now(zone)))
    return [o.pk for o in Order.objects.bulk_create(made)]


def _reset(company) -> None:
    """The last run's orders go, with their assignments and those people's commitments."""
    from shared_apps.commitments.models import Commitment
    from tenant_apps.orders.models import Order
    from tenant_apps.scheduling.models import Assignment

    holds = list(Order.objects.values_list("hold_id", flat=True))
    rows = Assignment.objects.filter(hold_id__in=holds)
    Commitment.objects.filter(company_id=company.pk, assignment_id__in=list(rows.values_list("pk", flat=True))).delete()
    rows.delete()
    Order.objects.all().delete()


def _ensure_world():
    from django_tenants.utils import tenant_context

    company = _company()
    with tenant_context(company):
        from tenant_apps.workforce.models import WorkerProfile

        if not WorkerProfile.objects.filter(skills__contains=[SKILL]).exists():
            started = clock.monotonic()
            _build(company)
            say(f"dispatch: bench company built in {clock.monotonic() - started:.1f} s")
        _reset(company)
    return company


@benchmark("rank_candidates", changes_data=True,
           description=f"rank_candidates() for one order over {WORKERS} workers with {JOBS} booked jobs")
def rank_candidates_figure(bench: Bench):
    from django.utils import timezone
    from django_tenants.utils import tenant_context

    from tenant_apps.orders.candidates import rank_candidates
    from tenant_apps.orders.models import Order

    company = _ensure_world()
    with tenant_context(company):
        order_ids = _orders(company, 20, random.Random(1))
        orders = list(Order.objects.select_related("service").filter(pk__in=order_ids))
        now = timezone.now()
        rank_candidates(orders[0], now=now)  # warm
        seconds = []
        for index in range(bench.repeat(100, quick=10)):
            started = clock.perf_counter()
            ranking = rank_candidates(orders[index % len(orders)], now=now)
            seconds.append(clock.perf_counter() - started)
        _reset(company)
    p95 = statistics.quantiles(seconds, n=20)[-1] * 1000
    say(f"rank_candidates: median {statistics.median(seconds) * 1000:.1f} ms, p95 {p95:.1f} ms; last: "
        f"{len(ranking.candidates)} candidates, {len(ranking.unavailable)} unavailable")
    yield Figure("rank_candidates_p95_ms", p95, "ms")


@benchmark("batch_assign", changes_data=True,
           description=f"automatic first offer for {ORDERS} paid orders to {WORKERS} workers")
def batch_assign(bench: Bench):
    from django.db import transaction
    from django.utils import timezone
    from django_tenants.utils import tenant_context

    from shared_apps.core.actor import SYSTEM
    from tenant_apps.orders.locks import lock_order
    from tenant_apps.orders.models import DispatchSettings, Order, OrderStatus
    from tenant_apps.orders.services.dispatch import offer_automatically, offer_in_bulk

    company = _ensure_world()
    count = ORDERS if not bench.quick else 50
    with tenant_context(company):
        DispatchSettings.objects.update_or_create(pk=1, defaults={"auto_dispatch": True})
        order_ids = _orders(company, count, random.Random(2))
        now = timezone.now()
        started = clock.perf_counter()
        offer_in_bulk(actor=SYSTEM, order_ids=order_ids, now=now)
        elapsed = clock.perf_counter() - started
        offered = Order.objects.filter(status=OrderStatus.ASSIGNED).count()
        _reset(company)
        if not bench.quick:
            order_ids = _orders(company, count, random.Random(2))
            started = clock.perf_counter()
            for order_id in order_ids:
                with transaction.atomic():
                    offer_automatically(actor=SYSTEM, order=lock_order(order_id), now=now)
            one_by_one = clock.perf_counter() - started
            _reset(company)
    say(f"batch_assign: {offered} of {count} offered in {elapsed:.2f} s ({elapsed / count * 1000:.1f} ms each)")
    yield Figure("batch_assign_s", elapsed * ORDERS / count, "s")
    if not bench.quick:
        say(f"batch_assign one by one: {one_by_one:.2f} s ({one_by_one / count * 1000:.1f} ms each)")
        yield Figure("batch_assign_one_by_one_s", one_by_one, "s")
