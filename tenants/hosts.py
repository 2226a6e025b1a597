"""Host name -> company, cached in Redis so a request does not read the Domain table."""
from __future__ import annotations

from django.core.cache import caches

from .models import Company, Domain

CACHE_SECONDS = 300
_MISSING = "missing"


def _key(host: str) -> str:
    return f"host:{host}"


def company_for_host(host: str) -> Company | None:
    cache = caches["platform"]
    cached = cache.get(_key(host))
    if cached == _MISSING:
        return None
    if cached is not None:
        return cached
    domain = Domain.objects.select_related("tenant").filter(domain=host).first()
    company = domain.tenant if domain else None
    # Unknown hosts are cached briefly, so a flood of made-up hosts cannot hammer the database.
    cache.set(_key(host), company if company else _MISSING, CACHE_SECONDS if company else 30)
    return company


def forget_company(company: Company) -> None:
    """Drop the cached lookups of every host of `company` (after a brand, status or domain change)."""
    hosts = list(Domain.objects.filter(tenant=company).values_list("domain", flat=True))
    caches["platform"].delete_many([_key(h) for h in hosts])


def forget_host(host: str) -> None:
    caches["platform"].delete(_key(host))
