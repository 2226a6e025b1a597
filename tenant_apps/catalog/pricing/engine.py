"""The quote engine's entry points: price a request, and the "from" price of a variant."""
from __future__ import annotations

from datetime import datetime, timedelta

from shared_apps.core.errors import ValidationFailed

from ..choices import PriceModel
from .checks import (
    _check_amount_of_work,
    _check_start,
    _choose_add_ons,
    _choose_variant,
    _choose_zone,
    _counts_quantity,
)
from .lines import _charged, _chosen_minutes, _duration, _minimum_charge_line, _surcharge_lines, _work_lines
from .terms import (
    HOURLY_STEP_MINUTES,
    CompanyTerms,
    LineKind,
    PricedQuote,
    QuoteLine,
    QuoteRequest,
    ServiceTerms,
    VariantTerms,
)


def price_quote(*, service: ServiceTerms, company: CompanyTerms, request: QuoteRequest, now: datetime) -> PricedQuote:
    """Price `request` for `service` at `company` as of `now`; raises ValidationFailed listing every
    field that is wrong."""
    if request.start.tzinfo is None or now.tzinfo is None:
        raise ValueError("start and now must be timezone-aware")
    errors: dict[str, list[str]] = {}
    _check_start(service, company, request, now, errors)
    variant = _choose_variant(service, request, errors)
    if variant is not None:
        _check_amount_of_work(variant, request, errors)
    add_ons = _choose_add_ons(service, request, errors)
    surcharges = service.surcharges
    zone = _choose_zone(company, surcharges, request, errors)
    if errors or variant is None:
        raise ValidationFailed(errors)

    lines = list(_work_lines(variant, request.quantity, _chosen_minutes(variant, request), add_ons))
    lines.extend(_minimum_charge_line(variant, lines))
    charged = _charged(lines)
    lines.extend(_surcharge_lines(surcharges, company, request, now, charged))
    if zone is not None and zone.surcharge:
        lines.append(QuoteLine(LineKind.ZONE, zone.name, zone.surcharge, unit_amount=zone.surcharge, ref_id=zone.id))

    total = sum(line.amount for line in lines)
    is_buyback = variant.price_model == PriceModel.BUYBACK
    if not is_buyback and any(line.amount < 0 for line in lines):  # amounts are stored non-negative
        raise AssertionError("a negative line on a service that is not a buy-back")
    duration = _duration(variant, request, add_ons)
    crew = (variant.crew_size or service.crew_size) + sum(a.extra_crew * q for a, q in add_ons)
    return PricedQuote(
        request=request, variant_id=variant.id, lines=tuple(lines), total=total, currency=company.currency,
        duration_minutes=duration, crew_size=crew, start=request.start,
        end=request.start + timedelta(minutes=duration), is_buyback=is_buyback,
        cancellation_tiers=service.cancellation_tiers, zone_id=zone.id if zone else None,
    )


def starting_price(variant: VariantTerms) -> int:
    """The "from" price shown in the catalog: the least amount of work, no add-ons, no surcharges."""
    minutes = max(variant.minimum_minutes, HOURLY_STEP_MINUTES) if variant.price_model == PriceModel.HOURLY else None
    quantity = variant.min_quantity if _counts_quantity(variant) else None
    lines = list(_work_lines(variant, quantity, minutes, ()))
    lines.extend(_minimum_charge_line(variant, lines))
    return sum(line.amount for line in lines)
