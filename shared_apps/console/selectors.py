"""Reads of the console: companies and users as platform operators see them."""
from __future__ import annotations

from django.db.models import Q, QuerySet

from shared_apps.accounts.models import User
from shared_apps.accounts.phones import InvalidPhone, normalize_phone
from shared_apps.core.api import parse_id
from shared_apps.core.errors import NotFound
from tenants.models import Company
from tenants.selectors import companies

SEARCH_LIMIT = 50


def companies_for_console() -> QuerySet[Company]:
    return companies().order_by("-created_at")


STATUS_ACTIONS = ("company.suspended", "company.active")


def with_status_changes(rows: list[Company]) -> list[Company]:
    """Give each company `.status_change`: the latest suspension or reactivation in the platform's
    change log (who, when, why), or None; one query for the whole list."""
    from shared_apps.changes.models import Change

    latest: dict[int, Change] = {}
    changes = (Change.objects.filter(action__in=STATUS_ACTIONS, target_id__in=[c.pk for c in rows])
               .select_related("actor").order_by("target_id", "-created_at", "-id").distinct("target_id"))
    for change in changes:
        latest[change.target_id] = change
    for company in rows:
        company.status_change = latest.get(company.pk)
    return rows


def get_company_for_console(company_id) -> Company:
    company = companies().filter(pk=parse_id(company_id)).first()
    if company is None:
        raise NotFound("company")
    return company


def users_matching(query: str) -> QuerySet[User]:
    """Users by email (contains @), by phone in any format people type, or by the end of a number."""
    query = (query or "").strip()
    if not query:
        return User.objects.none()
    if "@" in query:
        return User.objects.filter(email__icontains=query)[:SEARCH_LIMIT]
    try:
        return User.objects.filter(phone=normalize_phone(query))[:SEARCH_LIMIT]
    except InvalidPhone:
        pass
    digits = "".join(ch for ch in query if ch.isdigit())
    condition = Q(name__icontains=query)
    if len(digits) >= 3:
        condition |= Q(phone__contains=digits)
    return User.objects.filter(condition)[:SEARCH_LIMIT]


def get_user_for_console(user_id) -> User:
    user = User.objects.filter(pk=parse_id(user_id)).first()
    if user is None:
        raise NotFound("user")
    return user


def escalated_cases(*, open_only: bool = True) -> QuerySet:
    """Escalated after-sales cases across companies (the public list; one query with the company)."""
    from .models import EscalatedCase

    qs = EscalatedCase.objects.select_related("company")
    if open_only:
        qs = qs.exclude(status="closed")
    return qs.order_by("-sla_breached", "-escalated_at", "-id")


def sanctions_across_companies(*, limit: int = 200) -> QuerySet:
    """Sanctions every company issued, the newest first (one query with the company and the person)."""
    from .models import SanctionRecord

    return SanctionRecord.objects.select_related("company", "user").order_by("-issued_at", "-id")[:limit]


def claims_across_companies(*, limit: int = 200) -> QuerySet:
    """Insurance claims of every company, serial claimants first, then the newest."""
    from .models import ClaimRecord

    return ClaimRecord.objects.select_related("company").order_by("-serial_claimant", "-filed_at", "-id")[:limit]
