"""Company sign-up through the real API (POST /api/v1/companies/ on the platform host).

provision: the production path. Celery beat refills the spare-schema pool in the background in
production; here refill_spares() does it, untimed, before each timed sign-up, so every sign-up
renames a spare. provision_clone: the pool is empty, so every sign-up clones the template schema
(the worst case, e.g. a burst of sign-ups faster than beat refills). Both time the whole HTTP
request, which includes hashing the owner's password (Argon2, as in production).
"""
from __future__ import annotations

import itertools
import json
import secrets
import statistics

from .environment import say
from .load import Target, request_once
from .registry import Bench, Figure, benchmark

SIGN_UPS = 20
CLONE_SIGN_UPS = 10
WARM_UP_SIGN_UPS = 2  # untimed: the first request of each gunicorn worker loads code and word lists
_TOKENS = itertools.count(secrets.randbelow(9_000))  # distinct per run in this process, random across runs


@benchmark("provision", changes_data=True,
           description=f"median of {SIGN_UPS} sign-ups, spare pool refilled in between (production)")
def provision(bench: Bench):
    from tenants.models import SpareSchema
    from tenants.provisioning import refill_spares

    run = _Run(bench)
    for _ in range(WARM_UP_SIGN_UPS):
        refill_spares()
        run.sign_up()
    seconds = []
    for _ in range(bench.repeat(SIGN_UPS)):
        refill_spares()
        spares = SpareSchema.objects.count()
        seconds.append(run.sign_up())
        if SpareSchema.objects.count() != spares - 1:
            raise RuntimeError("the sign-up did not take a spare schema")
    run.check_site()
    say(f"provision: {_spread(seconds)} with a pool of {spares} spares")
    yield Figure("provision_company_s", statistics.median(seconds), "s")


@benchmark("provision_clone", changes_data=True,
           description=f"median of {CLONE_SIGN_UPS} sign-ups with the spare pool empty (clone of the template)")
def provision_clone(bench: Bench):
    from tenants.models import SpareSchema
    from tenants.provisioning import refill_spares

    run = _Run(bench, tag="c")
    drop_spares()
    run.sign_up()  # warm-up: the clone path's first use in a worker
    seconds = []
    for _ in range(bench.repeat(CLONE_SIGN_UPS)):
        seconds.append(run.sign_up())
        if SpareSchema.objects.exists():
            raise RuntimeError("a spare schema appeared: something refills the pool during the benchmark")
    run.check_site()
    say(f"provision_clone: {_spread(seconds)}")
    refill_spares()  # leave the pool as production keeps it
    yield Figure("provision_company_clone_s", statistics.median(seconds), "s")


def drop_spares() -> None:
    from tenants.models import SpareSchema
    from tenants.provisioning import drop_schema

    for spare in SpareSchema.objects.all():
        drop_schema(spare.schema_name)
        spare.delete()


class _Run:
    """Distinct companies and owners for each sign-up of a run (a random token keeps reruns apart)."""

    def __init__(self, bench: Bench, tag: str = "p"):
        self.bench = bench
        self.tag = tag
        self.token = next(_TOKENS) % 10_000
        self.count = 0
        self.last_slug = ""

    def sign_up(self) -> float:
        n = self.count
        self.count += 1
        slug = f"bench-{self.token:04d}-{self.tag}{n}"
        payload = {
            "name": f"Bench Company {self.token}-{self.tag}{n}", "slug": slug, "vertical": "housekeeping",
            "owner": {
                # a valid mainland mobile number, unique per run and sign-up
                "phone": f"+86136{self.token:04d}{n:04d}",
                "email": f"owner-{slug}@bench.example", "password": "correct-horse-battery-staple",
                "name": "Bench Owner",
            },
        }
        target = Target("/api/v1/companies/", host=self.bench.platform_host, method="POST",
                        body=json.dumps(payload).encode(), headers=(("Content-Type", "application/json"),))
        status, body, seconds = request_once(self.bench.base_url, target)
        if status != 201:
            raise RuntimeError(f"sign-up of {slug} answered {status}: {body[:500]!r}")
        self.last_slug = slug
        return seconds

    def check_site(self) -> None:
        """The last company works: its host is served from its schema, which holds its owner."""
        from django_tenants.utils import schema_context

        from tenant_apps.people.models import StaffMember, StaffRole
        from tenants.models import Company

        host = f"{self.last_slug}.{self.bench.platform_host}"
        status, body, _ = request_once(self.bench.base_url, Target("/ping", host=host))
        if status != 200:
            raise RuntimeError(f"the new company's host {host} answered {status}: {body[:300]!r}")
        company = Company.objects.get(slug=self.last_slug)
        with schema_context(company.schema_name):
            if not StaffMember.objects.filter(role=StaffRole.OWNER).exists():
                raise RuntimeError(f"the schema of {self.last_slug} has no owner")


def _spread(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    return (f"{len(ordered)} sign-ups, min {ordered[0]:.3f} s, median {statistics.median(ordered):.3f} s, "
            f"max {ordered[-1]:.3f} s")
