"""Locks on workers' schedules and assignment rows. A function that expects one says so in its
docstring. Lock order (docs/decisions.md): an order before its assignments; a customer before their
holds; assignment rows by primary key; workers' schedules by worker id; people's commitments last."""
from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.db import connection

from .models import Assignment, AssignmentStatus, SchedulingSettings


def lock_worker_schedules(worker_ids: Iterable[int]) -> None:
    """Transaction-scoped advisory locks on the schedules of `worker_ids`, taken in id order (the one
    lock order, so two crews never wait on each other in a cycle). Advisory locks are database-wide,
    so the key carries the company's schema. Released at commit or rollback."""
    keys = [f"{connection.schema_name}:worker-schedule:{worker_id}" for worker_id in sorted(set(worker_ids))]
    if not keys:
        return
    with connection.cursor() as cursor:
        # One statement for many workers (a batch of offers locks hundreds): unnest yields the keys
        # in the array's order, so the locks are still taken one after another in id order.
        cursor.execute("SELECT count(pg_advisory_xact_lock(hashtextextended(key, 0))) FROM unnest(%s::text[]) AS key",
                       [keys])


def lock_hold_rows(hold_id: uuid.UUID) -> list[Assignment]:
    """The rows of a hold still held (a crew's all), locked in primary-key order until the end of the
    transaction (expects one)."""
    return list(Assignment.objects.select_for_update().filter(hold_id=hold_id, status=AssignmentStatus.HOLD)
                .order_by("pk"))


def lock_active_rows(hold_id: uuid.UUID, *, worker_id: int | None = None) -> list[Assignment]:
    """The active (held or booked) rows of a visit, or of one worker at it, locked in primary-key
    order (expects a transaction)."""
    rows = Assignment.objects.select_for_update().filter(
        hold_id=hold_id, status__in=[AssignmentStatus.HOLD, AssignmentStatus.BOOKED])
    if worker_id is not None:
        rows = rows.filter(worker_id=worker_id)
    return list(rows.order_by("pk"))


def lock_scheduling_settings() -> SchedulingSettings:
    """The company's scheduling settings row, written first when missing, then locked."""
    SchedulingSettings.objects.get_or_create(pk=1)
    return SchedulingSettings.objects.select_for_update().get(pk=1)
