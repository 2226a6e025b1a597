"""Locks on workers' schedules. A function that expects one says so in its docstring."""
from __future__ import annotations

from collections.abc import Iterable

from django.db import connection


def lock_worker_schedules(worker_ids: Iterable[int]) -> None:
    """Transaction-scoped advisory locks on the schedules of `worker_ids`, taken in id order (the one
    lock order, so two crews never wait on each other in a cycle). Advisory locks are database-wide,
    so the key carries the company's schema. Released at commit or rollback."""
    with connection.cursor() as cursor:
        for worker_id in sorted(set(worker_ids)):
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                           [f"{connection.schema_name}:worker-schedule:{worker_id}"])
