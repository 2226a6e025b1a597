"""Host name -> company, cached in Redis so a request does not read the Domain table (and read
from it when Redis is down: the sites keep answering, only slower)."""
from __future__ import annotations

import logging

from django.core.cache import caches

from shared_apps.core.outages import REDIS_DOWN

from .models import Company, Domain

CACHE_SECONDS = 300
_MISSING = "missing"
logger = logging.getLogger(__name__)


def _key(host: str) -> str:
    return f"host:{host}"


def company_for_host(host: str) -> Company | None:
    cache = caches["platform"]
    try:
        cached = cache.get(_key(host))
    except REDIS_DOWN:
        logger.warning("host cache unavailable; reading the Domain table for %s", host)
        return _lookup(host)
    if cached == _MISSING:
        return None
    if cached is not None:
        return cached
    company = _lookup(host)
    # Unknown hosts are cached briefly, so a flood of made-up hosts cannot hammer the database.
    try:
        cache.set(_key(host), company if company else _MISSING, CACHE_SECONDS if company else 30)
    except REDIS_DOWN:
        logger.warning("host cache unavailable; %s not cached", host)
    return company


def _lookup(host: str) -> Company | None:
    domain = Domain.objects.select_related("tenant").filter(domain=host).first()
    return domain.tenant if domain else None


def forget_company(company: Company) -> None:
    """Drop the cached lookups of every host of `company` (after a brand, status or domain change)."""
    hosts = list(Domain.objects.filter(tenant=company).values_list("domain", flat=True))
    caches["platform"].delete_many([_key(h) for h in hosts])


def forget_host(host: str) -> None:
    caches["platform"].delete(_key(host))
