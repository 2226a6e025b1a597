"""Rules 2 to 4 of the quote engine: the work lines, the minimum charge, the surcharges; and how long
the visit takes."""
from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from shared_apps.core.geo import distance_m

from ..choices import PriceModel, SurchargeKind
from ..money import percent_of
from .terms import (
    HOURLY_STEP_MINUTES,
    CompanyTerms,
    LineKind,
    QuoteLine,
    QuoteRequest,
    SurchargeTerms,
    VariantTerms,
)


def _chosen_minutes(variant: VariantTerms, request: QuoteRequest) -> int | None:
    if variant.price_model != PriceModel.HOURLY:
        return None
    return request.duration_minutes or max(variant.duration_minutes, variant.minimum_minutes, HOURLY_STEP_MINUTES)


def _work_lines(variant: VariantTerms, quantity: int | None, minutes: int | None, add_ons):
    model = variant.price_model
    if model == PriceModel.FIXED:
        yield QuoteLine(LineKind.BASE, variant.name, variant.base_price, unit=variant.unit,
                        unit_amount=variant.base_price, ref_id=variant.id)
    else:
        if variant.base_price:
            labels = {PriceModel.HOURLY: _("Call-out fee"), PriceModel.BUYBACK: _("Pickup fee")}
            label = labels.get(model, _("Base price"))
            yield QuoteLine(LineKind.BASE, label, variant.base_price, unit_amount=variant.base_price, ref_id=variant.id)
        if model == PriceModel.HOURLY:
            billed = max(minutes or 0, variant.minimum_minutes)
            yield QuoteLine(LineKind.HOURS, variant.name, (variant.unit_price * billed + 30) // 60,
                            quantity=Decimal(billed) / 60, unit=variant.unit, unit_amount=variant.unit_price,
                            ref_id=variant.id)
        else:
            kind = {PriceModel.PER_AREA: LineKind.AREA, PriceModel.BUYBACK: LineKind.BUYBACK}.get(model, LineKind.UNITS)
            sign = -1 if model == PriceModel.BUYBACK else 1
            yield QuoteLine(kind, variant.name, sign * variant.unit_price * quantity, quantity=Decimal(quantity),
                            unit=variant.unit, unit_amount=sign * variant.unit_price, ref_id=variant.id)
    for add_on, count in add_ons:
        yield QuoteLine(LineKind.ADD_ON, add_on.name, add_on.price * count, quantity=Decimal(count),
                        unit_amount=add_on.price, ref_id=add_on.id)


def _charged(lines) -> int:
    """What the customer is charged for the work (payouts excluded): the base of percentages."""
    return sum(line.amount for line in lines if line.amount > 0)


def _minimum_charge_line(variant: VariantTerms, lines) -> list[QuoteLine]:
    shortfall = variant.minimum_charge - _charged(lines)
    if shortfall <= 0:
        return []
    return [QuoteLine(LineKind.MINIMUM_CHARGE, _("Minimum charge"), shortfall, unit_amount=shortfall,
                      ref_id=variant.id)]


def surcharge_applies(surcharge: SurchargeTerms, *, start: datetime, now: datetime, time_zone: str,
                      holidays: frozenset[date] = frozenset()) -> bool:
    """Whether a time rule applies to a visit starting at `start` (read in the company's time zone).

    A time-of-day window [start_time, end_time) may wrap midnight (20:00-08:00).
    """
    local = start.astimezone(ZoneInfo(time_zone))
    if surcharge.kind == SurchargeKind.TIME_OF_DAY:
        at, begin, end = local.time().replace(tzinfo=None), surcharge.start_time, surcharge.end_time
        return begin <= at < end if begin < end else (at >= begin or at < end)
    if surcharge.kind == SurchargeKind.WEEKDAY:
        return local.isoweekday() in surcharge.weekdays
    if surcharge.kind == SurchargeKind.HOLIDAY:
        return local.date() in holidays
    if surcharge.kind == SurchargeKind.URGENCY:
        return start - now < timedelta(hours=surcharge.within_hours or 0)
    return False


def _surcharge_lines(surcharges, company: CompanyTerms, request: QuoteRequest, now: datetime, charged: int):
    for surcharge in surcharges:
        if surcharge.kind == SurchargeKind.DISTANCE:
            if company.base is None or request.location is None:
                continue
            beyond = distance_m(company.base, request.location) - (surcharge.beyond_m or 0)
            if beyond <= 0:
                continue
            km = math.ceil(beyond / 1000)
            amount = percent_of(charged, surcharge.percent_bp) + surcharge.amount + surcharge.amount_per_km * km
            yield QuoteLine(LineKind.SURCHARGE, surcharge.name, amount, quantity=Decimal(km), unit="km",
                            unit_amount=surcharge.amount_per_km or None, ref_id=surcharge.id)
        elif surcharge_applies(surcharge, start=request.start, now=now, time_zone=company.time_zone,
                               holidays=company.holidays):
            amount = percent_of(charged, surcharge.percent_bp) + surcharge.amount
            if amount:
                yield QuoteLine(LineKind.SURCHARGE, surcharge.name, amount, unit_amount=amount, ref_id=surcharge.id)


def _duration(variant: VariantTerms, request: QuoteRequest, add_ons) -> int:
    if variant.price_model == PriceModel.HOURLY:
        minutes = _chosen_minutes(variant, request)
    elif variant.price_model == PriceModel.FIXED:
        minutes = variant.duration_minutes
    else:
        minutes = variant.duration_minutes + variant.minutes_per_unit * (request.quantity or 0)
    return minutes + sum(a.extra_minutes * q for a, q in add_ons)
