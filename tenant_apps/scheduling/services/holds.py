"""A hold after it is placed: the customer releases it, booking extends and confirms it, beat purges
the expired ones."""
from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone

from shared_apps.accounts.models import User
from shared_apps.commitments.steps import drop_commitments
from shared_apps.core.actor import SystemActor
from tenant_apps.catalog.selectors import current_company
from tenant_apps.people.models import Customer

from ..locks import lock_hold_rows
from ..models import Assignment, AssignmentStatus, HoldEvent, HoldEventKind
from ..selectors import get_hold_for
from .records import _actor_fields, _expiry_events, _hold_expired, _rewrite_commitments_or_expired


def release_hold(*, actor: User, customer: Customer, hold_id: uuid.UUID | str) -> None:
    """The customer lets the time go (all of a crew's rows)."""
    rows = get_hold_for(customer, hold_id)
    with transaction.atomic():
        deleted = Assignment.objects.filter(pk__in=[r.pk for r in rows], status=AssignmentStatus.HOLD).delete()[0]
        if deleted:
            drop_commitments(company_id=current_company().pk, assignment_ids=[r.pk for r in rows])
            HoldEvent.objects.create(hold_id=rows[0].hold_id, kind=HoldEventKind.RELEASED,
                                     worker_ids=[r.worker_id for r in rows], **_actor_fields(actor))


def confirm_hold(*, actor: User | SystemActor, hold_id: uuid.UUID) -> list[Assignment]:
    """Turn a hold into booked assignments (when the order is paid). A hold past its expiry that is
    still there can be confirmed: nobody could have taken its time while its rows existed. One that
    is gone raises hold_expired, and so does one whose time another company took for the same person
    after it expired (its commitment was given up then)."""
    with transaction.atomic():
        rows = lock_hold_rows(hold_id)
        if not rows:
            raise _hold_expired()
        Assignment.objects.filter(pk__in=[r.pk for r in rows]).update(status=AssignmentStatus.BOOKED,
                                                                       expires_at=None, updated_at=timezone.now())
        for row in rows:
            row.status, row.expires_at = AssignmentStatus.BOOKED, None
        _rewrite_commitments_or_expired(rows=rows)
        HoldEvent.objects.create(hold_id=hold_id, kind=HoldEventKind.CONFIRMED,
                                 worker_ids=[r.worker_id for r in rows], **_actor_fields(actor))
    return rows


def purge_expired_holds(*, actor: SystemActor | User, now: datetime | None = None) -> int:
    """Delete every expired hold of the current company (beat runs this every minute); returns how
    many holds went."""
    now = now or timezone.now()
    table = connection.ops.quote_name(Assignment._meta.db_table)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE status = 'hold' AND expires_at <= %s "  # noqa: S608
                           "RETURNING hold_id, worker_id, id", [now])
            expired: dict[uuid.UUID, list[tuple[int, int]]] = defaultdict(list)
            for hold_id, worker_id, pk in cursor.fetchall():
                expired[hold_id].append((worker_id, pk))
        if expired:
            drop_commitments(company_id=current_company().pk,
                             assignment_ids=[pk for rows in expired.values() for _w, pk in rows])
        events = _expiry_events(expired)
        if isinstance(actor, User):
            for event in events:
                event.actor, event.actor_name = actor, ""
        HoldEvent.objects.bulk_create(events)
    return len(expired)


def extend_hold(*, actor: User | SystemActor, hold_id: uuid.UUID, expires_at: datetime) -> list[Assignment]:
    """Keep a hold until `expires_at` (booking keeps it while the customer pays; a move request
    keeps the new time until it is answered). hold_expired when it is gone, or when its time went to
    another company's hold for the same person after it expired."""
    with transaction.atomic():
        rows = lock_hold_rows(hold_id)
        if not rows:
            raise _hold_expired()
        Assignment.objects.filter(pk__in=[r.pk for r in rows]).update(expires_at=expires_at,
                                                                       updated_at=timezone.now())
        for row in rows:
            row.expires_at = expires_at
        _rewrite_commitments_or_expired(rows=rows)
        HoldEvent.objects.create(hold_id=hold_id, kind=HoldEventKind.EXTENDED, worker_ids=[r.worker_id for r in rows],
                                 data={"expires_at": expires_at.isoformat()}, **_actor_fields(actor))
    return rows
