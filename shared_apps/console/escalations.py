"""Writers of the console's escalated-case list. Company services call these inside their own
transaction (the public row commits with the case's move, or not at all)."""
from __future__ import annotations

from datetime import datetime

from .models import EscalatedCase


def record_escalation(*, company_id: int, case_id: int, order_id: int, category: str, severity: str, status: str,
                      reason: str, sla_breached: bool, escalated_at: datetime) -> EscalatedCase:
    row, _created = EscalatedCase.objects.update_or_create(
        company_id=company_id, case_id=case_id,
        defaults={"order_id": order_id, "category": category, "severity": severity, "status": status,
                  "reason": reason[:2000], "sla_breached": sla_breached, "escalated_at": escalated_at})
    return row


def follow_escalated_case(*, company_id: int, case_id: int, status: str, sla_breached: bool) -> int:
    """Keep an escalated case's status and SLA flag current; nothing when it was never escalated."""
    return EscalatedCase.objects.filter(company_id=company_id, case_id=case_id).update(
        status=status, sla_breached=sla_breached)
