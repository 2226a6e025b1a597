"""Reads of the catalog: the storefront (active things only), the back office (everything), and the
loader that turns the database into the quote engine's plain inputs."""
from __future__ import annotations

from datetime import timedelta

from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone, translation

from shared_apps.core.api import parse_id
from shared_apps.core.errors import NotFound
from shared_apps.core.geo import GeoPoint
from tenants.models import Company

from . import translations
from .cancellation import CancellationTierTerms
from .models import (
    AddOn,
    CatalogSettings,
    Category,
    Holiday,
    Service,
    ServicePhoto,
    Surcharge,
    Variant,
    Zone,
    ZoneKind,
)
from .pricing import (
    AddOnTerms,
    CompanyTerms,
    ServiceTerms,
    SurchargeTerms,
    VariantTerms,
    ZoneTerms,
)


def current_company() -> Company:
    """The company whose schema is active: the request's tenant, or looked up when code entered the
    schema with schema_context (tasks, scripts), which sets only the schema name."""
    tenant = connection.tenant
    if isinstance(tenant, Company):
        return tenant
    return Company.objects.get(schema_name=connection.schema_name)


def catalog_settings() -> CatalogSettings:
    """The company's catalog settings (defaults when the row was never written)."""
    return CatalogSettings.objects.filter(pk=1).first() or CatalogSettings(pk=1)


# ---- storefront ----------------------------------------------------------------------------------

def _offered_services() -> QuerySet[Service]:
    """Active services in active categories (and active parents) with at least one active variant."""
    return Service.objects.filter(
        Q(category__parent__isnull=True) | Q(category__parent__is_active=True),
        is_active=True, category__is_active=True,
    ).filter(Exists(Variant.objects.filter(service=OuterRef("pk"), is_active=True)))


def storefront_categories() -> QuerySet[Category]:
    """Active categories whose parent (if any) is active, top levels first."""
    return Category.objects.filter(is_active=True).filter(
        Q(parent__isnull=True) | Q(parent__is_active=True)
    ).order_by(F("parent_id").asc(nulls_first=True), "position", "id")


def storefront_services(*, category_id: int | None = None) -> QuerySet[Service]:
    """Offered services, optionally of one category (a top category includes its sub-categories)."""
    qs = _offered_services().prefetch_related(
        Prefetch("variants", queryset=Variant.objects.filter(is_active=True)), "photos",
    )
    if category_id is not None:
        qs = qs.filter(Q(category_id=category_id) | Q(category__parent_id=category_id))
    return qs


def get_storefront_category(category_id) -> Category:
    """One category shown on the storefront; missing and hidden look the same."""
    return _one(storefront_categories(), category_id, "category")


def get_storefront_service(service_id) -> Service:
    """One offered service with what its detail page shows; missing and inactive look the same."""
    qs = _offered_services().select_related("category", "category__parent").prefetch_related(
        Prefetch("variants", queryset=Variant.objects.filter(is_active=True)),
        Prefetch("add_ons", queryset=AddOn.objects.filter(is_active=True)),
        "cancellation_tiers", "photos",
    )
    return _one(qs, service_id, "service")


def _one(qs: QuerySet, object_id, what: str):
    """One row by id; a malformed id, a missing row and a forbidden row are the same NotFound."""
    pk = parse_id(object_id)
    obj = qs.filter(pk=pk).first() if pk is not None else None
    if obj is None:
        raise NotFound(what)
    return obj


# ---- back office (callers are owners or admins: the API checks the role) -------------------------

def office_categories() -> QuerySet[Category]:
    return Category.objects.order_by(F("parent_id").asc(nulls_first=True), "position", "id")


def office_services(*, category_id: int | None = None) -> QuerySet[Service]:
    qs = Service.objects.prefetch_related("variants", "add_ons", "cancellation_tiers", "photos")
    if category_id is not None:
        qs = qs.filter(Q(category_id=category_id) | Q(category__parent_id=category_id))
    return qs


def office_surcharges() -> QuerySet[Surcharge]:
    return Surcharge.objects.select_related("service")


def office_zones() -> QuerySet[Zone]:
    return Zone.objects.all()


def office_holidays() -> QuerySet[Holiday]:
    return Holiday.objects.all()


def get_category_for(member, category_id) -> Category:
    return _one(Category.objects.all(), category_id, "category")


def get_service_for(member, service_id) -> Service:
    return _one(office_services(), service_id, "service")


def get_variant_for(member, variant_id) -> Variant:
    return _one(Variant.objects.all(), variant_id, "variant")


def get_add_on_for(member, add_on_id) -> AddOn:
    return _one(AddOn.objects.all(), add_on_id, "add-on")


def get_photo_for(member, photo_id) -> ServicePhoto:
    return _one(ServicePhoto.objects.all(), photo_id, "photo")


def get_surcharge_for(member, surcharge_id) -> Surcharge:
    return _one(Surcharge.objects.all(), surcharge_id, "surcharge")


def get_zone_for(member, zone_id) -> Zone:
    return _one(Zone.objects.all(), zone_id, "zone")


def get_holiday_for(member, holiday_id) -> Holiday:
    return _one(Holiday.objects.all(), holiday_id, "holiday")


# ---- the quote engine's inputs -------------------------------------------------------------------

PRICING_CACHE_SECONDS = 300


def pricing_terms_for(service_id: int, *, fresh: bool = False) -> tuple[ServiceTerms, CompanyTerms] | None:
    """The engine's inputs for an offered service, in the active language; None if not offered.

    Cached in the company's cache under the catalog's version, which every catalog change rewrites
    in its own transaction: one query (the settings row) instead of eight. `fresh` reads the
    database (booking re-checks a quote that way, so a price is never charged from a cache).
    """
    company = current_company()
    settings_row = catalog_settings()
    if fresh or settings_row._state.adding:  # no settings row yet: nothing is versioned
        return _load_pricing_terms(service_id, company, settings_row)
    key = ":".join(str(part) for part in (
        "catalog:terms", settings_row.version, service_id, translation.get_language(), company.default_language,
        company.time_zone, timezone.now().date(),  # holidays are loaded for a window from today
    ))
    terms = cache.get(key)
    if terms is None:
        terms = _load_pricing_terms(service_id, company, settings_row)
        if terms is not None:  # unknown ids are not cached: a flood of them would fill the cache
            cache.set(key, terms, PRICING_CACHE_SECONDS)
    return terms


def _load_pricing_terms(service_id: int, company: Company, settings_row: CatalogSettings):
    def name(texts) -> str:
        return translations.pick(texts, fallback=company.default_language)

    service = (
        _offered_services().prefetch_related(
            Prefetch("variants", queryset=Variant.objects.filter(is_active=True)),
            Prefetch("add_ons", queryset=AddOn.objects.filter(is_active=True)),
            "cancellation_tiers",
        ).filter(pk=service_id).first()
    )
    if service is None:
        return None
    surcharges = Surcharge.objects.filter(Q(service__isnull=True) | Q(service_id=service.pk), is_active=True)
    today = timezone.now().date()
    holidays = Holiday.objects.filter(
        date__gte=today - timedelta(days=1), date__lte=today + timedelta(days=settings_row.booking_horizon_days + 1)
    ).values_list("date", flat=True)
    service_terms = ServiceTerms(
        id=service.pk, name=name(service.name), crew_size=service.crew_size,
        min_lead_minutes=service.min_lead_minutes,
        variants=tuple(variant_terms(v, service, name) for v in service.variants.all()),
        add_ons=tuple(
            AddOnTerms(id=a.pk, name=name(a.name), price=a.price, max_quantity=a.max_quantity,
                       extra_minutes=a.extra_minutes, extra_crew=a.extra_crew)
            for a in service.add_ons.all()
        ),
        surcharges=tuple(_surcharge_terms(s, name) for s in surcharges),
        cancellation_tiers=cancellation_terms(service.cancellation_tiers.all()),
    )
    base = None
    if settings_row.base_latitude is not None:
        base = GeoPoint(float(settings_row.base_latitude), float(settings_row.base_longitude))
    company_terms = CompanyTerms(
        currency=settings_row.currency, time_zone=company.time_zone,
        booking_horizon_days=settings_row.booking_horizon_days, quote_ttl_minutes=settings_row.quote_ttl_minutes,
        base=base, holidays=frozenset(holidays),
        zones=tuple(_zone_terms(z, name) for z in Zone.objects.filter(is_active=True)),
    )
    return service_terms, company_terms


def variant_terms(variant: Variant, service: Service, name=translations.pick) -> VariantTerms:
    return VariantTerms(
        id=variant.pk, name=name(variant.name), price_model=variant.price_model, base_price=variant.base_price,
        unit_price=variant.unit_price, unit=variant.unit, min_quantity=variant.min_quantity,
        max_quantity=variant.max_quantity, minimum_minutes=variant.minimum_minutes,
        minimum_charge=variant.minimum_charge,
        duration_minutes=variant.duration_minutes or service.default_duration_minutes,
        minutes_per_unit=variant.minutes_per_unit, crew_size=variant.crew_size,
    )


def cancellation_terms(tiers) -> tuple[CancellationTierTerms, ...]:
    return tuple(
        CancellationTierTerms(hours_before=t.hours_before, percent_bp=int(t.percent * 100), amount=t.amount)
        for t in tiers
    )


def _surcharge_terms(surcharge: Surcharge, name) -> SurchargeTerms:
    return SurchargeTerms(
        id=surcharge.pk, name=name(surcharge.name), kind=surcharge.kind, percent_bp=int(surcharge.percent * 100),
        amount=surcharge.amount, amount_per_km=surcharge.amount_per_km, start_time=surcharge.start_time,
        end_time=surcharge.end_time, weekdays=frozenset(surcharge.weekdays or ()),
        within_hours=surcharge.within_hours,
        beyond_m=int(surcharge.beyond_km * 1000) if surcharge.beyond_km is not None else None,
    )


def _zone_terms(zone: Zone, name) -> ZoneTerms:
    if zone.kind == ZoneKind.POLYGON:
        return ZoneTerms(id=zone.pk, name=name(zone.name), surcharge=zone.surcharge,
                         polygon=tuple(GeoPoint(float(lat), float(lng)) for lat, lng in zone.polygon))
    center = None
    if zone.center_latitude is not None:
        center = GeoPoint(float(zone.center_latitude), float(zone.center_longitude))
    return ZoneTerms(id=zone.pk, name=name(zone.name), surcharge=zone.surcharge, center=center,
                     radius_m=int(zone.radius_km * 1000) if zone.radius_km is not None else None)


# ---- service zones as districts the customer chooses ---------------------------------------------

def service_zones() -> QuerySet[Zone]:
    """The zones a customer picks their district from (booking, saved addresses, the quote)."""
    return Zone.objects.filter(is_active=True)


def get_service_zone(zone_id) -> Zone | None:
    """An active zone by id, or None (a missing, inactive or malformed id alike)."""
    try:
        return service_zones().filter(pk=int(zone_id)).first()
    except (TypeError, ValueError):
        return None


def zone_centre(zone: Zone) -> GeoPoint | None:
    """Where a zone's addresses are placed when nobody can geocode them: a radius zone's centre (or
    the company's base), a polygon's vertex average. None when the zone names no point at all."""
    if zone.kind == ZoneKind.RADIUS or not zone.polygon:
        if zone.center_latitude is not None:
            return GeoPoint(float(zone.center_latitude), float(zone.center_longitude))
        return company_base()
    points = [p for p in zone.polygon if isinstance(p, (list, tuple)) and len(p) == 2]
    if not points:
        return None
    return GeoPoint(sum(float(p[0]) for p in points) / len(points), sum(float(p[1]) for p in points) / len(points))


def company_base() -> GeoPoint | None:
    row = catalog_settings()
    if row.base_latitude is None:
        return None
    return GeoPoint(float(row.base_latitude), float(row.base_longitude))


def zone_area(zone: Zone):
    """A test of whether a point lies in `zone` (its polygon, or its radius around its centre or the
    company's base), for callers that sort many points into one zone (the dispatch board's filter)."""
    from shared_apps.core.geo import distance_m, in_polygon

    terms = _zone_terms(zone, lambda name: name)
    if terms.polygon:
        return lambda point: in_polygon(point, terms.polygon)
    center = terms.center or company_base()
    return lambda point: (center is not None and terms.radius_m is not None
                          and distance_m(center, point) <= terms.radius_m)
