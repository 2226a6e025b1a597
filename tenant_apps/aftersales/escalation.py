"""The console's copy of an escalated case, kept in step by every after-sales service (called inside
their transaction, after the case's own rows)."""
from __future__ import annotations

from shared_apps.console.escalations import follow_escalated_case
from tenant_apps.catalog.selectors import current_company

from .models import Case, CaseTimer


def sync_escalation(case: Case) -> None:
    """An escalated case's status and SLA flag, copied to the console's public list (written last)."""
    if case.escalated_at is None:
        return
    breached = CaseTimer.objects.filter(case=case, breached_at__isnull=False).exists()
    follow_escalated_case(company_id=current_company().pk, case_id=case.pk, status=case.status,
                          sla_breached=breached)
