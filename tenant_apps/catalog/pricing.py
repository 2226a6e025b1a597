"""The quote engine: the one place a price is computed.

Pure: plain dataclasses in (the service's terms, the company's terms, the customer's request, the
clock), a priced quote out; no ORM, no clock, no I/O. `selectors.pricing_terms_for` builds the
inputs from the database, `quotes.py` signs the result. Amounts are integer minor units (fen).

Rules, in order:
1. The request is checked (start within lead time and horizon, variant, quantity or duration,
   add-ons, address inside a zone); every problem is reported at once as field errors.
2. Service lines: the variant's price model (fixed; hourly with a minimum; per unit; per m²;
   buy-back, which pays the customer) and the add-ons.
3. Minimum charge: tops up the charged service lines (positive ones) to the variant's minimum.
4. Surcharges: a percentage of the charged service lines plus a fixed amount, for the visit's
   start in the company's time zone (time of day, weekday, company holiday), for short notice,
   and for distance from the base; then the zone's surcharge (the cheapest zone containing the
   address). Surcharges never apply to buy-back payouts.
5. Total = the sum of the lines. It is negative only when the variant is a buy-back.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from shared_apps.core.errors import ValidationFailed
from shared_apps.core.geo import GeoPoint, distance_m, in_polygon

from .cancellation import CancellationTierTerms
from .choices import PriceModel, SurchargeKind
from .money import percent_of

HOURLY_STEP_MINUTES = 30
MAX_CHOSEN_MINUTES = 24 * 60


class LineKind:
    BASE = "base"  # fixed price, call-out fee, base price or pickup fee
    HOURS = "hours"
    UNITS = "units"
    AREA = "area"
    BUYBACK = "buyback"  # the company pays the customer: a negative line
    ADD_ON = "add_on"
    MINIMUM_CHARGE = "minimum_charge"
    SURCHARGE = "surcharge"
    ZONE = "zone"


# ---- inputs --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class VariantTerms:
    id: int
    name: str
    price_model: str
    base_price: int = 0
    unit_price: int = 0
    unit: str = "visit"
    min_quantity: int = 1
    max_quantity: int = 100
    minimum_minutes: int = 0
    minimum_charge: int = 0
    duration_minutes: int = 60
    minutes_per_unit: int = 0
    crew_size: int | None = None


@dataclass(frozen=True)
class AddOnTerms:
    id: int
    name: str
    price: int
    max_quantity: int = 1
    extra_minutes: int = 0
    extra_crew: int = 0


@dataclass(frozen=True)
class SurchargeTerms:
    id: int
    name: str
    kind: str
    percent_bp: int = 0  # basis points: 2000 is 20 %
    amount: int = 0
    amount_per_km: int = 0
    start_time: time | None = None
    end_time: time | None = None
    weekdays: frozenset[int] = frozenset()  # ISO: 1 Monday ... 7 Sunday
    within_hours: int | None = None
    beyond_m: int | None = None


@dataclass(frozen=True)
class ZoneTerms:
    id: int
    name: str
    surcharge: int = 0
    center: GeoPoint | None = None  # radius zones; None means the company's base
    radius_m: int | None = None
    polygon: tuple[GeoPoint, ...] = ()


@dataclass(frozen=True)
class ServiceTerms:
    """An active service with its active variants and add-ons, and the surcharges that apply to it
    (its own and the company-wide ones)."""

    id: int
    name: str
    crew_size: int
    min_lead_minutes: int
    variants: tuple[VariantTerms, ...]
    add_ons: tuple[AddOnTerms, ...] = ()
    surcharges: tuple[SurchargeTerms, ...] = ()
    cancellation_tiers: tuple[CancellationTierTerms, ...] = ()


@dataclass(frozen=True)
class CompanyTerms:
    currency: str
    time_zone: str
    booking_horizon_days: int
    quote_ttl_minutes: int = 15
    base: GeoPoint | None = None
    holidays: frozenset[date] = frozenset()
    zones: tuple[ZoneTerms, ...] = ()


@dataclass(frozen=True)
class AddOnChoice:
    add_on_id: int
    quantity: int


@dataclass(frozen=True)
class QuoteRequest:
    service_id: int
    start: datetime  # timezone-aware
    variant_id: int | None = None
    add_ons: tuple[AddOnChoice, ...] = ()
    quantity: int | None = None  # units, kg or m²
    duration_minutes: int | None = None  # hourly variants only
    location: GeoPoint | None = None
    customer_id: int | None = None


# ---- outputs -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class QuoteLine:
    kind: str
    label: str
    amount: int
    quantity: Decimal = Decimal(1)
    unit: str = ""
    unit_amount: int | None = None
    ref_id: int | None = None  # the variant, add-on, surcharge or zone the line comes from


@dataclass(frozen=True)
class PricedQuote:
    request: QuoteRequest
    variant_id: int
    lines: tuple[QuoteLine, ...]
    total: int
    currency: str
    duration_minutes: int
    crew_size: int
    start: datetime
    end: datetime
    is_buyback: bool
    cancellation_tiers: tuple[CancellationTierTerms, ...] = field(default=())
    zone_id: int | None = None


# ---- the engine ----------------------------------------------------------------------------------

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


# ---- checks --------------------------------------------------------------------------------------

def _check_start(service, company, request, now, errors) -> None:
    start = request.start
    if start <= now:
        errors["start"] = [_("Choose a time in the future.")]
    elif start < now + timedelta(minutes=service.min_lead_minutes):
        errors["start"] = [_("Book at least %(notice)s ahead.") % {"notice": _notice(service.min_lead_minutes)}]
    elif start > now + timedelta(days=company.booking_horizon_days):
        errors["start"] = [_("Book at most %(days)d days ahead.") % {"days": company.booking_horizon_days}]


def _choose_variant(service, request, errors) -> VariantTerms | None:
    if request.variant_id is None:
        if len(service.variants) == 1:
            return service.variants[0]
        errors["variant"] = [_("Choose a variant.")] if service.variants else [_("This service is not offered now.")]
        return None
    for variant in service.variants:
        if variant.id == request.variant_id:
            return variant
    errors["variant"] = [_("This service has no such variant.")]
    return None


def _counts_quantity(variant: VariantTerms) -> bool:
    return variant.price_model in (PriceModel.PER_UNIT, PriceModel.PER_AREA, PriceModel.BUYBACK)


def _check_amount_of_work(variant, request, errors) -> None:
    if _counts_quantity(variant):
        if request.quantity is None:
            errors["quantity"] = [_("Give the quantity (%(unit)s).") % {"unit": variant.unit}]
        elif not variant.min_quantity <= request.quantity <= variant.max_quantity:
            errors["quantity"] = [_("Choose between %(min)d and %(max)d.")
                                  % {"min": variant.min_quantity, "max": variant.max_quantity}]
    elif request.quantity is not None:
        errors["quantity"] = [_("This variant is not priced by quantity; leave it out.")]

    if variant.price_model == PriceModel.HOURLY:
        minutes = request.duration_minutes
        if minutes is not None and (
            minutes < HOURLY_STEP_MINUTES or minutes > MAX_CHOSEN_MINUTES or minutes % HOURLY_STEP_MINUTES
        ):
            errors["duration_minutes"] = [_("Choose whole half hours, from 30 minutes to 24 hours.")]
    elif request.duration_minutes is not None:
        errors["duration_minutes"] = [_("This variant's duration is set by the service; leave it out.")]


def _choose_add_ons(service, request, errors) -> list[tuple[AddOnTerms, int]]:
    offered = {a.id: a for a in service.add_ons}
    chosen: list[tuple[AddOnTerms, int]] = []
    seen: set[int] = set()
    for index, choice in enumerate(request.add_ons):
        add_on = offered.get(choice.add_on_id)
        if add_on is None:
            errors[f"add_ons.{index}.add_on"] = [_("This service has no such add-on.")]
        elif choice.add_on_id in seen:
            errors[f"add_ons.{index}.add_on"] = [_("This add-on is listed twice.")]
        elif not 1 <= choice.quantity <= add_on.max_quantity:
            errors[f"add_ons.{index}.quantity"] = [_("Choose between 1 and %(max)d.") % {"max": add_on.max_quantity}]
        else:
            chosen.append((add_on, choice.quantity))
        seen.add(choice.add_on_id)
    return chosen


def _needs_location(company, surcharges) -> bool:
    return bool(company.zones) or (
        company.base is not None and any(s.kind == SurchargeKind.DISTANCE for s in surcharges)
    )


def _choose_zone(company, surcharges, request, errors) -> ZoneTerms | None:
    if request.location is None:
        if _needs_location(company, surcharges):
            errors["address"] = [_("Give the address of the visit.")]
        return None
    if not company.zones:
        return None
    inside = [z for z in company.zones if _zone_contains(z, company.base, request.location)]
    if not inside:
        errors["address"] = [_("This address is outside the area we serve.")]
        return None
    return min(inside, key=lambda z: z.surcharge)  # min() keeps the first of equals: zone order breaks ties


def _zone_contains(zone: ZoneTerms, base: GeoPoint | None, point: GeoPoint) -> bool:
    if zone.polygon:
        return in_polygon(point, zone.polygon)
    center = zone.center or base
    return center is not None and zone.radius_m is not None and distance_m(center, point) <= zone.radius_m


# ---- lines ---------------------------------------------------------------------------------------

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


def _notice(minutes: int) -> str:
    if minutes % 60:
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    return ngettext("%(n)d hour", "%(n)d hours", minutes // 60) % {"n": minutes // 60}
