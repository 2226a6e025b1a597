"""Writing a person's commitments: steps, not services. Only the company's scheduling services call
these, inside the transaction that changes the assignment; that service records who did it (in the
company's hold history and change log), so a commitment exists exactly while its assignment is
active and these steps take no actor of their own.

A person busy elsewhere makes the insert fail with the exclusion constraint's SQLSTATE 23P01, the
same error a company's own constraint raises: callers treat both as a lost race."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.backends.postgresql.psycopg_any import DateTimeTZRange

from .models import Commitment


@dataclass(frozen=True)
class Busy:
    """One assignment's busy period, as the company knows it."""

    assignment_id: int
    user_id: int
    start: datetime
    end: datetime
    expires_at: datetime | None = None


def replace_commitments(*, company_id: int, remove: Iterable[int],
                        add: Sequence[Busy], new: bool = False) -> None:
    """Delete the commitments of the assignments `remove` (and of those in `add`, unless they are
    `new` assignments, which have none yet), then write `add` (one per assignment, in person order,
    so two crews never wait on each other in a cycle). Expects the caller's transaction; raises
    IntegrityError (23P01) when one of the people is busy at that time."""
    gone = sorted(set(remove) | (set() if new else {busy.assignment_id for busy in add}))
    if gone:
        Commitment.objects.filter(company_id=company_id, assignment_id__in=gone).delete()
    if add:
        Commitment.objects.bulk_create([
            Commitment(user_id=busy.user_id, company_id=company_id, assignment_id=busy.assignment_id,
                       period=DateTimeTZRange(busy.start, busy.end), expires_at=busy.expires_at)
            for busy in sorted(add, key=lambda b: (b.user_id, b.assignment_id))
        ])


def drop_commitments(*, company_id: int, assignment_ids: Iterable[int]) -> None:
    """The assignments ended (released, expired, cancelled): their people are free again."""
    replace_commitments(company_id=company_id, remove=assignment_ids, add=())


def drop_expired_commitments(*, user_ids: Iterable[int], start: datetime,
                             end: datetime, now: datetime) -> int:
    """Delete the expired hold commitments of these people that overlap [start, end), in any
    company, so that an expired hold elsewhere never blocks (its company may not have purged it
    yet; confirming it later re-writes its commitment, or finds the time taken)."""
    ids = sorted(set(user_ids))
    if not ids:
        return 0
    return Commitment.objects.filter(user_id__in=ids, expires_at__lte=now,
                                     period__overlap=DateTimeTZRange(start, end)).delete()[0]
