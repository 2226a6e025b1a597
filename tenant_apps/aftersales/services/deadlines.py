"""The beat job: SLA clocks whose budget ran out are flagged breached, once, with a case event."""
from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from shared_apps.core.actor import SystemActor

from ..escalation import sync_escalation
from ..locks import lock_case
from ..machine import Side, apply_move
from ..models import CaseTimer


def flag_breaches(*, actor: SystemActor, now: datetime | None = None) -> int:
    """Flag every running clock past its due time (paused clocks have no due time). Idempotent: a
    flagged clock is not flagged again. Returns how many were flagged."""
    now = now or timezone.now()
    flagged = 0
    due = list(CaseTimer.objects.filter(due_at__lte=now, breached_at__isnull=True).values_list("case_id", "pk"))
    for case_id in sorted({case_id for case_id, _pk in due}):
        with transaction.atomic():
            case = lock_case(case_id)
            timers = list(CaseTimer.objects.filter(case_id=case_id, due_at__lte=now, breached_at__isnull=True))
            for timer in timers:
                timer.breached_at = timer.due_at
                timer.save(update_fields=["breached_at", "updated_at"])
                apply_move(actor=actor, case=case, action="breach", side=Side.SYSTEM, now=now,
                           data={"timer": timer.kind, "due_at": timer.due_at.isoformat()})
                flagged += 1
            sync_escalation(case)
    return flagged
