"""Reads of the platform's ledger."""
from __future__ import annotations

from django.db.models import Sum

from .models import PlatformAccount, PlatformAccountKind


def platform_fee_revenue(*, company_id: int | None = None) -> int:
    """Fees the platform has earned, in fen: from every company, or from one."""
    accounts = PlatformAccount.objects.filter(kind=PlatformAccountKind.FEE_REVENUE)
    if company_id is not None:
        accounts = accounts.filter(company_id=company_id)
    return accounts.aggregate(total=Sum("balance"))["total"] or 0


def fees_receivable_from(*, company_id: int) -> int:
    """Fees the company owes the platform, in fen (positive)."""
    balance = PlatformAccount.objects.filter(kind=PlatformAccountKind.FEES_RECEIVABLE, company_id=company_id) \
        .values_list("balance", flat=True).first() or 0
    return -balance


def platform_ledger_total() -> int:
    """The sum of every platform balance: zero, always."""
    return PlatformAccount.objects.aggregate(total=Sum("balance"))["total"] or 0
