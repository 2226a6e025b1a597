"""Row locks of the workforce. A worker's profile row is the lock of their whole week (templates,
dated shifts, time off): taken before any of them, several workers in primary-key order. Each
expects a transaction."""
from __future__ import annotations

from collections.abc import Iterable

from .models import TimeOff, WorkerProfile


def lock_worker(worker_id: int) -> WorkerProfile:
    return WorkerProfile.objects.select_for_update().get(pk=worker_id)


def lock_workers(worker_ids: Iterable[int]) -> list[WorkerProfile]:
    """Several workers, in primary-key order (so two roster saves never wait on each other in a cycle)."""
    return list(WorkerProfile.objects.select_for_update().filter(pk__in=sorted(set(worker_ids))).order_by("pk"))


def lock_time_off(time_off_id: int) -> TimeOff:
    """Expects the worker's lock when the worker's hours change with it."""
    return TimeOff.objects.select_for_update().get(pk=time_off_id)
