"""Plain inputs for direct tests of the pure quote engine (no database)."""
from __future__ import annotations

from datetime import UTC, datetime

from tenant_apps.catalog.pricing import CompanyTerms, QuoteRequest, ServiceTerms, VariantTerms

NOW = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)  # a Monday; Berlin changes to summer time on 29 March


def variant(**kwargs) -> VariantTerms:
    values = {"id": 1, "name": "Variant", "price_model": "fixed", "base_price": 10000, "duration_minutes": 60}
    values.update(kwargs)
    return VariantTerms(**values)


def service(*variants: VariantTerms, **kwargs) -> ServiceTerms:
    values = {"id": 1, "name": "Service", "crew_size": 1, "min_lead_minutes": 60,
              "variants": variants or (variant(),)}
    values.update(kwargs)
    return ServiceTerms(**values)


def company(**kwargs) -> CompanyTerms:
    values = {"currency": "CNY", "time_zone": "Asia/Shanghai", "booking_horizon_days": 60}
    values.update(kwargs)
    return CompanyTerms(**values)


def request(start: datetime, **kwargs) -> QuoteRequest:
    return QuoteRequest(service_id=1, start=start, **kwargs)
