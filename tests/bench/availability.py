"""Availability figures, through the real API of a dedicated bench company.

slots: GET /api/v1/slots/ over 30 days for a service 200 workers can do, with 5,000 existing
assignments among them (one request at a time, so the figure is the search's own latency).
holds: POST /api/v1/holds/ from concurrent customers (LoadSettings), four connections asking for the
same start at the same time, so most requests race; the figure counts successful holds only.

The data set is made with bulk inserts (a few seconds) and kept: a rerun with --reuse-db finds it.
"""
from __future__ import annotations

import functools
import json
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .environment import say
from .load import Target, run_load
from .registry import Bench, Figure, benchmark

SLUG = "bench-avail"
WORKERS = 200
ASSIGNMENTS = 5_000
DAYS = 30
HOLD_WORKERS = 20
PHONE_PREFIX = "+86134"
CENTER = (31.2304, 121.4737)  # Shanghai
SLOTS_SKILL, HOLDS_SKILL = "bench-slots", "bench-holds"


@dataclass(frozen=True)
class World:
    host: str
    time_zone: str
    slots_service: int
    holds_service: int
    tokens: tuple[str, ...]


def _phone(n: int) -> str:
    return f"{PHONE_PREFIX}{n:08d}"


def _near(rng: random.Random, km: float = 10) -> tuple[float, float]:
    """A random point within about `km` of the centre."""
    return (round(CENTER[0] + rng.uniform(-km, km) / 111.0, 6), round(CENTER[1] + rng.uniform(-km, km) / 95.0, 6))


def ensure_world(customers: int) -> World:
    """The bench company with its workers, week templates, assignments and signed-in customers."""
    from django.conf import settings
    from django_tenants.utils import tenant_context

    from tenants.models import Company
    from tenants.services import OwnerInput, sign_up_company

    company = Company.objects.filter(slug=SLUG).first()
    if company is None:
        company = sign_up_company(name="Bench Availability", slug=SLUG, vertical="housekeeping", owner=OwnerInput(
            phone=_phone(0), email="owner@bench-avail.example", password="correct-horse-battery-staple",
            name="Bench Owner")).company
    with tenant_context(company):
        from tenant_apps.catalog.models import Service

        if not Service.objects.filter(required_skills__overlap=[SLOTS_SKILL, HOLDS_SKILL]).exists():
            _build(company)
        slots_service = Service.objects.get(required_skills=[SLOTS_SKILL]).pk
        holds_service = Service.objects.get(required_skills=[HOLDS_SKILL]).pk
        tokens = _customers(company, customers)
    return World(host=f"{SLUG}.{settings.PLATFORM_DOMAIN}", time_zone=company.time_zone,
                 slots_service=slots_service, holds_service=holds_service, tokens=tokens)


def _build(company) -> None:
    import time as clock

    from django.db import transaction
    from django.db.backends.postgresql.psycopg_any import DateTimeTZRange

    from shared_apps.accounts.models import User
    from tenant_apps.catalog import services as catalog
    from tenant_apps.people.models import StaffMember, StaffRole
    from tenant_apps.scheduling.models import Assignment, AssignmentStatus, SchedulingSettings
    from tenant_apps.workforce.models import ShiftTemplate, WorkerProfile

    started = clock.monotonic()
    rng = random.Random(4)  # the same data set every run
    owner = User.objects.get(phone=_phone(0))
    zone = ZoneInfo(company.time_zone)
    with transaction.atomic():
        category = catalog.create_category(actor=owner, values={"name": {"en": "Bench"}})
        for skill, duration in ((SLOTS_SKILL, 120), (HOLDS_SKILL, 60)):
            service = catalog.create_service(actor=owner, values={
                "name": {"en": f"Bench {skill}"}, "category": category, "default_duration_minutes": duration,
                "required_skills": [skill], "min_lead_minutes": 60})
            catalog.create_variant(actor=owner, service=service, values={
                "name": {"en": "Standard"}, "price_model": "fixed", "base_price": 10000})
        count = WORKERS + HOLD_WORKERS
        users = User.objects.bulk_create(User(phone=_phone(1 + n), name=f"Bench Worker {n}") for n in range(count))
        members = StaffMember.objects.bulk_create(
            StaffMember(user=user, role=StaffRole.WORKER, display_name=user.name) for user in users)
        profiles = WorkerProfile.objects.bulk_create(
            WorkerProfile(staff_member=member, skills=[SLOTS_SKILL if n < WORKERS else HOLDS_SKILL],
                          level=rng.randint(1, 5))
            for n, member in enumerate(members))
        ShiftTemplate.objects.bulk_create(
            ShiftTemplate(worker=profile, weekday=day, start_time=time(8), end_time=time(20))
            for profile in profiles for day in range(1, 8))
        today = datetime.now(zone).date()
        rows = []
        per_worker = ASSIGNMENTS // WORKERS
        for profile in profiles[:WORKERS]:
            for offset in rng.sample(range(1, DAYS + 1), per_worker):
                day = today + timedelta(days=offset)
                start = datetime(day.year, day.month, day.day, rng.randint(8, 16), rng.choice((0, 30)), tzinfo=zone)
                end = start + timedelta(minutes=rng.choice((60, 120, 180)))
                lat, lng = _near(rng)
                rows.append(Assignment(worker=profile, status=AssignmentStatus.BOOKED,
                                       hold_id=_uuid(rng), starts_at=start, ends_at=end,
                                       period=DateTimeTZRange(start, end + timedelta(minutes=15)),
                                       latitude=lat, longitude=lng))
        Assignment.objects.bulk_create(rows, batch_size=1000)
        SchedulingSettings.objects.update_or_create(pk=1, defaults={"max_holds_per_customer": 100_000})
    say(f"availability: bench company built in {clock.monotonic() - started:.1f} s "
        f"({count} workers, {len(rows)} assignments)")


def _uuid(rng: random.Random):
    import uuid

    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _customers(company, count: int) -> tuple[str, ...]:
    from rest_framework.authtoken.models import Token

    from shared_apps.accounts.models import User
    from tenant_apps.people.models import Customer

    phones = [_phone(90_000 + n) for n in range(count)]
    known = set(User.objects.filter(phone__in=phones).values_list("phone", flat=True))
    User.objects.bulk_create(User(phone=p, name="Bench Customer") for p in phones if p not in known)
    users = list(User.objects.filter(phone__in=phones).order_by("phone"))
    with_profile = set(Customer.objects.filter(user__in=users).values_list("user_id", flat=True))
    Customer.objects.bulk_create(Customer(user=u, name=u.name) for u in users if u.pk not in with_profile)
    with_token = set(Token.objects.filter(user__in=users).values_list("user_id", flat=True))
    for user in users:
        if user.pk not in with_token:
            Token.objects.create(user=user)
    return tuple(Token.objects.filter(user__in=users).order_by("user__phone").values_list("key", flat=True))


def _slots_path(world: World, first: date) -> str:
    last = first + timedelta(days=DAYS - 1)
    return (f"/api/v1/slots/?service={world.slots_service}&latitude={CENTER[0]}&longitude={CENTER[1]}"
            f"&start={first.isoformat()}&end={last.isoformat()}")


@benchmark("slots", changes_data=True,
           description=f"GET /api/v1/slots/ over {DAYS} days: {WORKERS} workers, {ASSIGNMENTS} assignments")
def slots(bench: Bench):
    from .load import request_once

    world = ensure_world(customers=bench.load.connections)
    first = datetime.now(ZoneInfo(world.time_zone)).date() + timedelta(days=1)
    target = Target(_slots_path(world, first), host=world.host)
    status, body, _seconds = request_once(bench.base_url, target)
    if status != 200:
        raise RuntimeError(f"slots answered {status}: {body[:300]!r}")
    days = json.loads(body)["days"]
    offered = sum(len(d["slots"]) for d in days)
    if len(days) != DAYS or not offered:
        raise RuntimeError(f"slots found {offered} start times on {len(days)} days")
    settings = bench.load
    result = run_load(bench.base_url, [target], connections=1, processes=1, duration=settings.duration,
                      warmup=settings.warmup).check()
    say(f"slots: one connection: {result.summary()}; {offered} start times over {DAYS} days")
    yield Figure("slots_p95_ms", result.percentile(95), "ms")


def _hold_target(worker: int, k: int, *, host: str, tokens: tuple[str, ...], service: int,
                 starts: tuple[str, ...]) -> Target:
    """Connections 0-3 ask for one start together, 4-7 for the next, and so on."""
    start = starts[(k * 2 + worker // 4) % len(starts)]
    body = json.dumps({"service": service, "address": {"latitude": CENTER[0], "longitude": CENTER[1]},
                       "start": start}).encode()
    return Target("/api/v1/holds/", host=host, method="POST", body=body, headers=(
        ("Content-Type", "application/json"), ("Authorization", f"Token {tokens[worker % len(tokens)]}")))


@benchmark("holds", changes_data=True,
           description=f"POST /api/v1/holds/, 4 connections per start at once, {HOLD_WORKERS} workers")
def holds(bench: Bench):
    from django.db import connection
    from django_tenants.utils import tenant_context

    from tenant_apps.scheduling.models import Assignment, AssignmentStatus
    from tenants.models import Company

    settings = bench.load
    world = ensure_world(customers=settings.connections)
    company = Company.objects.get(slug=SLUG)
    with tenant_context(company):
        Assignment.objects.filter(status=AssignmentStatus.HOLD).delete()
    zone = ZoneInfo(world.time_zone)
    today = datetime.now(zone).date()
    starts = tuple(datetime.combine(today + timedelta(days=d), time(h, m), tzinfo=zone).isoformat()
                   for d in range(2, DAYS) for h in range(8, 19) for m in (0, 30))
    make = functools.partial(_hold_target, host=world.host, tokens=world.tokens, service=world.holds_service,
                             starts=starts)
    result = run_load(bench.base_url, make, connections=settings.connections, duration=settings.duration,
                      warmup=settings.warmup, processes=settings.processes, ok_statuses=frozenset({201}))
    if not result.requests or result.requests == result.errors:
        raise RuntimeError(f"no hold succeeded: {result.first_error}")
    if result.first_error and not result.first_error.startswith("409 "):
        raise RuntimeError(f"a hold failed otherwise than slot_taken: {result.first_error}")
    with tenant_context(company):
        table = Assignment._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"""SELECT count(*) FROM {table} a JOIN {table} b ON a.worker_id = b.worker_id
                               AND a.id < b.id AND a.period && b.period
                               WHERE a.status IN ('hold', 'booked') AND b.status IN ('hold', 'booked')""")  # noqa: S608
            [(overlaps,)] = cursor.fetchall()
        held = Assignment.objects.filter(status=AssignmentStatus.HOLD).count()
    if overlaps:
        raise RuntimeError(f"{overlaps} overlapping assignments after the hold benchmark")
    say(f"holds: {settings.connections} connections: {result.summary()}; {result.errors} lost races (409), "
        f"{held} holds in the database, no worker double-booked")
    yield Figure("holds_per_s", result.rps, "holds/s")
