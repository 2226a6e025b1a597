"""Rule 1 of the quote engine: check the request and choose the variant, add-ons and zone; every
problem goes into `errors` as a field error."""
from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from shared_apps.core.geo import GeoPoint, distance_m, in_polygon

from ..choices import PriceModel, SurchargeKind
from .terms import (
    HOURLY_STEP_MINUTES,
    MAX_CHOSEN_MINUTES,
    AddOnTerms,
    VariantTerms,
    ZoneTerms,
)


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


def _notice(minutes: int) -> str:
    if minutes % 60:
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    return ngettext("%(n)d hour", "%(n)d hours", minutes // 60) % {"n": minutes // 60}
