"""The bench's own world: settings, database and Redis keys, migrated and seeded like a deploy.

DATABASE_URL / REDIS_URL name the servers when set (CI, this machine); when unset, the embedded
PostgreSQL and Redis of `make run` (config.embedded) serve instead. Either way the bench uses a
database of its own and drops it at the start of every run, so it refuses any database whose name
does not contain "bench": a DATABASE_URL naming another database (development's `doorstep`) gets
`doorstep_bench` on the same server instead. Cache keys carry CACHE_KEY_PREFIX, "bench" unless set
to something containing "bench"; only keys under that prefix are deleted.

Settings: config.settings.production (DEBUG off, Argon2 password hashing, the spare-schema pool of
SPARE_SCHEMA_POOL_SIZE), with a throwaway SECRET_KEY and the sign-up rate limit per IP lifted, as
every sign-up comes from 127.0.0.1.
"""
from __future__ import annotations

import base64
import contextlib
import os
import secrets
import sys
import time
from urllib.parse import urlsplit, urlunsplit

SETTINGS_MODULE = "config.settings.production"
DATABASE_NAME = "doorstep_bench"
EMBEDDED_REDIS_DB = 7
CACHE_KEY_PREFIX = "bench"


def say(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def configure() -> None:
    """Environment variables for this process and the servers it starts; call before django.setup()."""
    given_database = os.environ.get("DATABASE_URL")
    embedded_redis = not os.environ.get("REDIS_URL")
    if not given_database or embedded_redis:
        from config.embedded import LOCAL_DIR, ensure_environment

        say(f"DATABASE_URL or REDIS_URL unset: the embedded servers under {LOCAL_DIR} serve instead")
        ensure_environment()
    url = bench_database_url(os.environ["DATABASE_URL"])
    if given_database and url != given_database:
        say(f"DATABASE_URL names no bench database: using {DATABASE_NAME} on the same server")
    os.environ["DATABASE_URL"] = url
    if embedded_redis:
        os.environ["REDIS_URL"] = os.environ["REDIS_URL"].replace("db=0", f"db={EMBEDDED_REDIS_DB}")
    if "bench" not in os.environ.get("CACHE_KEY_PREFIX", ""):
        os.environ["CACHE_KEY_PREFIX"] = CACHE_KEY_PREFIX
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    os.environ.setdefault("SECRET_KEY", "bench-only-" + secrets.token_hex(32))
    # Production settings require the payment-credentials key; a throwaway Fernet key, as for SECRET_KEY.
    os.environ.setdefault("PAYMENT_CREDENTIALS_KEY", base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
    os.environ["COMPANY_SIGNUPS_PER_IP_PER_HOUR"] = "1000000"
    os.environ["PYTHONUNBUFFERED"] = "1"


def bench_database_url(url: str) -> str:
    parts = urlsplit(url)
    if "bench" in parts.path:
        return url
    return urlunsplit(parts._replace(path=f"/{DATABASE_NAME}"))


def prepare(*, reuse: bool = False) -> None:
    """A fresh database (or the last run's, with reuse), migrated and seeded; no stale cache keys."""
    started = time.monotonic()
    created = reset_database(reuse=reuse)
    deleted = delete_cache_keys()
    say(f"database {_database_name()}: {'new' if created else 'reused'}; {deleted} cache keys deleted")
    from django.core.management import call_command

    with contextlib.redirect_stdout(sys.stderr):
        call_command("migrate_platform", verbosity=0)
        call_command("seed_demo", verbosity=0)
    say(f"migrated and seeded in {time.monotonic() - started:.1f} s")


def _database_name() -> str:
    from django.conf import settings

    name = settings.DATABASES["default"]["NAME"]
    if "bench" not in name:  # configure() sees to this; never drop anybody else's database
        raise RuntimeError(f"refusing to use database {name!r} for benchmarks")
    return name


def reset_database(*, reuse: bool) -> bool:
    """Drop and create the bench database (keep it when reuse and it exists); True when created."""
    import psycopg
    from django.db import connection

    name = _database_name()
    params = {k: v for k, v in connection.get_connection_params().items() if k in ("host", "port", "user", "password")}
    connection.close()
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and reuse:
            return False
        if exists:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return True


def delete_cache_keys() -> int:
    """Delete the keys of both caches (platform: `<prefix>:...`, companies: `<schema>:<prefix>:...`)."""
    from django.conf import settings
    from django_redis import get_redis_connection

    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    if "bench" not in prefix:
        raise RuntimeError(f"refusing to delete cache keys under {prefix!r}")
    client = get_redis_connection("default")
    deleted = 0
    for pattern in (f"{prefix}:*", f"*:{prefix}:*"):
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) >= 500:
                deleted += client.delete(*batch)
                batch = []
        if batch:
            deleted += client.delete(*batch)
    return deleted


def forget_company_cache(company_host: str) -> int:
    """Delete one company's cache keys (`<schema>:<prefix>:...`): its pricing inputs and storefront
    menu are then read from the database again, as right after a catalog change (a change bumps
    the catalog's version, so nothing cached before it is read). Returns how many keys went."""
    from django.conf import settings
    from django_redis import get_redis_connection

    slug = company_host.split(".", 1)[0]
    schema = "c_" + slug.replace("-", "_")
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    client = get_redis_connection("default")
    keys = list(client.scan_iter(match=f"{schema}:{prefix}:*", count=1000))
    return client.delete(*keys) if keys else 0


def cold_latencies(base_url: str, company_host: str, targets, *, times: int) -> list[float]:
    """Latency (ms) of `times` requests, each sent alone right after the company's cache is emptied,
    cycling through `targets`; sorted."""
    from .load import request_once

    latencies = []
    for index in range(times):
        forget_company_cache(company_host)
        target = targets[index % len(targets)]
        status, body, seconds = request_once(base_url, target)
        if status >= 400:
            raise RuntimeError(f"cold {target.method} {target.host}{target.path}: {status} {body[:300]!r}")
        latencies.append(seconds * 1000)
    return sorted(latencies)


def nearest_rank(latencies: list[float], p: float) -> float:
    import math

    if not latencies:
        return 0.0
    return latencies[max(1, math.ceil(p / 100 * len(latencies))) - 1]
