"""Row locks of companies and the spare-schema pool (public schema). Each expects a transaction."""
from __future__ import annotations

from .models import Company, SpareSchema


def lock_company(company_id: int) -> Company:
    return Company.objects.select_for_update().get(pk=company_id)


def claim_spare_schema() -> SpareSchema | None:
    """The oldest spare schema nobody else is claiming (locked rows are skipped, so two sign-ups
    never wait on each other for the same spare), or None."""
    return SpareSchema.objects.select_for_update(skip_locked=True).order_by("created_at").first()
