"""What the quote engine takes and gives: the terms of a service and of the company, the customer's
request, and the priced quote with its lines."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from shared_apps.core.geo import GeoPoint

from ..cancellation import CancellationTierTerms

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
