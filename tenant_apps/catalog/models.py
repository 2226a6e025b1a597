"""The catalog of one company: categories, services, variants, add-ons, price rules, zones,
holidays and cancellation tiers. Amounts are integer minor units (fen) and never negative: a
variant's price model decides the sign (a buy-back line is the company paying the customer)."""
from __future__ import annotations

import uuid

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shared_apps.core.storage import CompanyUploadPath
from shared_apps.credentials.models import CredentialKind

from .choices import COUNTED_UNITS, UNIT_OF_MODEL, AddOnKind, PriceModel, SurchargeKind, Unit, ZoneKind
from .pricing import HOURLY_STEP_MINUTES
from .translations import TranslatedText

NAME = TranslatedText(max_length=120, required=True)
LONG_TEXT = TranslatedText(max_length=4000)
LINES = TranslatedText(max_length=300, lines=True)
MAX_DURATION_MINUTES = 60 * 24 * 60  # a 26-day live-in maternity nurse is the longest real case


def _translated(validator: TranslatedText, **kwargs) -> models.JSONField:
    return models.JSONField(default=dict, blank=True, validators=[validator], **kwargs)


class Timestamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class CatalogSettings(Timestamped):
    """Catalog-wide settings of the company: one row (id 1)."""

    currency = models.CharField(max_length=3, default="CNY")
    base_latitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    base_longitude = models.DecimalField(
        max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    booking_horizon_days = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    quote_ttl_minutes = models.PositiveSmallIntegerField(
        default=15, validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    # Rewritten by every catalog change, in its transaction: names the cached pricing inputs.
    version = models.UUIDField(default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="catalog_settings_single_row"),
            models.CheckConstraint(
                condition=Q(base_latitude__isnull=True, base_longitude__isnull=True)
                | Q(base_latitude__isnull=False, base_longitude__isnull=False),
                name="catalog_settings_base_both_or_neither",
            ),
        ]

    def __str__(self) -> str:
        return "catalog settings"

    def clean(self) -> None:
        if (self.base_latitude is None) != (self.base_longitude is None):
            raise ValidationError({"base_longitude": _("Give both coordinates of the base, or neither.")})


class Category(Timestamped):
    """Two levels: a top category (parent empty) and its sub-categories."""

    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    name = _translated(NAME)
    description = _translated(LONG_TEXT)
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "categories"
        constraints = [
            models.CheckConstraint(condition=~Q(parent=models.F("id")), name="category_not_own_parent"),
        ]

    def __str__(self) -> str:
        return str(self.name)

    def clean(self) -> None:
        if self.parent_id is None:
            return
        if self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("A category cannot be its own parent.")})
        if self.parent.parent_id is not None:
            raise ValidationError({"parent": _("Categories have two levels: choose a top-level parent.")})
        if self.pk and Category.objects.filter(parent_id=self.pk).exists():
            raise ValidationError({"parent": _("This category has sub-categories, so it stays top-level.")})


class Service(Timestamped):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="services")
    name = _translated(NAME)
    description = _translated(LONG_TEXT)
    included = _translated(LINES)  # "what is included": a list of lines per language
    standard = _translated(LONG_TEXT)  # the service standard the company commits to
    default_duration_minutes = models.PositiveIntegerField(
        default=120, validators=[MinValueValidator(1), MaxValueValidator(MAX_DURATION_MINUTES)]
    )
    required_skills = ArrayField(models.SlugField(max_length=40), default=list, blank=True)
    # Credentials (shared_apps.credentials kinds) a worker must hold, approved and unexpired, to be
    # matched to this service: the electrician's operating certificate, a health certificate.
    required_credentials = ArrayField(models.CharField(max_length=20, choices=CredentialKind.choices), default=list,
                                      blank=True)
    crew_size = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1), MaxValueValidator(50)])
    min_lead_minutes = models.PositiveIntegerField(
        default=120, validators=[MaxValueValidator(60 * 24 * 30)],
        help_text="How long before the visit it must be booked.",
    )
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)
    is_promoted = models.BooleanField(default=False, help_text="Shown first on the storefront's home page.")

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.CheckConstraint(condition=Q(crew_size__gte=1), name="service_crew_at_least_one")]

    def __str__(self) -> str:
        return str(self.name)


class ServicePhoto(Timestamped):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to=CompanyUploadPath("catalog"))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.image.name


class Variant(Timestamped):
    """One way to buy a service (daily / deep / post-renovation cleaning), with its own price model.

    fixed: base_price. hourly: base_price (call-out) + unit_price per hour of the chosen duration,
    at least minimum_minutes. per_unit / per_area: base_price + unit_price x quantity.
    buyback: base_price (pickup fee) - unit_price x quantity. Every model: minimum_charge tops up
    the charged lines.
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="variants")
    name = _translated(NAME)
    description = _translated(LONG_TEXT)
    price_model = models.CharField(max_length=20, choices=PriceModel.choices, default=PriceModel.FIXED)
    unit = models.CharField(max_length=20, choices=Unit.choices, default=Unit.VISIT)
    base_price = models.PositiveIntegerField(default=0)
    unit_price = models.PositiveIntegerField(default=0)
    min_quantity = models.PositiveIntegerField(default=1, validators=[MinValueValidator(1)])
    max_quantity = models.PositiveIntegerField(default=100, validators=[MinValueValidator(1)])
    minimum_minutes = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(24 * 60)])
    minimum_charge = models.PositiveIntegerField(default=0)
    duration_minutes = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(MAX_DURATION_MINUTES)],
        help_text="Empty: the service's default duration.",
    )
    minutes_per_unit = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(24 * 60)])
    crew_size = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text="Empty: the service's crew size.",
    )
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(min_quantity__lte=models.F("max_quantity")),
                                   name="variant_min_quantity_at_most_max"),
            models.CheckConstraint(condition=Q(min_quantity__gte=1), name="variant_min_quantity_positive"),
        ]

    def __str__(self) -> str:
        return str(self.name)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        expected_unit = UNIT_OF_MODEL.get(self.price_model)
        if expected_unit is not None:
            self.unit = expected_unit
        elif self.unit not in COUNTED_UNITS:
            errors["unit"] = _("Choose what is counted: room, bathroom, appliance, item or kg.")
        if self.price_model != PriceModel.FIXED and not self.unit_price:
            errors["unit_price"] = _("Give the price per unit.")
        if self.minimum_minutes % HOURLY_STEP_MINUTES:
            errors["minimum_minutes"] = _("Use whole half hours.")
        if self.price_model == PriceModel.HOURLY and self.duration_minutes and (
            self.duration_minutes % HOURLY_STEP_MINUTES
        ):
            errors["duration_minutes"] = _("Use whole half hours.")
        if self.min_quantity and self.max_quantity and self.min_quantity > self.max_quantity:
            errors["max_quantity"] = _("The maximum is below the minimum.")
        if errors:
            raise ValidationError(errors)


class AddOn(Timestamped):
    """An option on a service: its price per unit, and the time and crew it adds per unit."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="add_ons")
    name = _translated(NAME)
    description = _translated(LONG_TEXT)
    kind = models.CharField(max_length=20, choices=AddOnKind.choices, default=AddOnKind.OTHER)
    price = models.PositiveIntegerField(default=0)
    max_quantity = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1),
                                                                          MaxValueValidator(100)])
    extra_minutes = models.PositiveIntegerField(default=0, validators=[MaxValueValidator(24 * 60)])
    extra_crew = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(20)])
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.CheckConstraint(condition=Q(max_quantity__gte=1), name="add_on_max_quantity_positive")]

    def __str__(self) -> str:
        return str(self.name)


class Surcharge(Timestamped):
    """A price rule on top of the service lines. No service: it applies to every service.

    A percentage is of the charged service lines (never of buy-back payouts); `amount` is a fixed
    fee; distance adds `amount_per_km` for each started km beyond `beyond_km`. Time rules look at
    the visit's start in the company's time zone.
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="surcharges")
    name = _translated(NAME)
    kind = models.CharField(max_length=20, choices=SurchargeKind.choices)
    percent = models.DecimalField(
        max_digits=5, decimal_places=2, default=0, validators=[MinValueValidator(0), MaxValueValidator(500)]
    )
    amount = models.PositiveIntegerField(default=0)
    amount_per_km = models.PositiveIntegerField(default=0)
    start_time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    weekdays = ArrayField(
        models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(7)]),
        default=list, blank=True, help_text="ISO weekdays: 1 Monday ... 7 Sunday.",
    )
    within_hours = models.PositiveSmallIntegerField(null=True, blank=True,
                                                    validators=[MinValueValidator(1), MaxValueValidator(24 * 14)])
    beyond_km = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True,
                                    validators=[MinValueValidator(0)])
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(percent__gte=0), name="surcharge_percent_not_negative"),
            models.CheckConstraint(
                condition=~Q(kind="time_of_day") | Q(start_time__isnull=False, end_time__isnull=False),
                name="surcharge_time_of_day_has_window",
            ),
            models.CheckConstraint(condition=~Q(kind="urgency") | Q(within_hours__isnull=False),
                                   name="surcharge_urgency_has_hours"),
            models.CheckConstraint(condition=~Q(kind="distance") | Q(beyond_km__isnull=False),
                                   name="surcharge_distance_has_threshold"),
        ]

    def __str__(self) -> str:
        return str(self.name)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind == SurchargeKind.TIME_OF_DAY:
            if self.start_time is None:
                errors["start_time"] = _("Give the start of the window.")
            if self.end_time is None:
                errors["end_time"] = _("Give the end of the window.")
            if self.start_time is not None and self.start_time == self.end_time:
                errors["end_time"] = _("The window ends when it starts; use a weekday rule for whole days.")
        if self.kind == SurchargeKind.WEEKDAY and not self.weekdays:
            errors["weekdays"] = _("Choose at least one day.")
        if self.kind == SurchargeKind.URGENCY and not self.within_hours:
            errors["within_hours"] = _("Give the notice, in hours, below which the surcharge applies.")
        if self.kind == SurchargeKind.DISTANCE and self.beyond_km is None:
            errors["beyond_km"] = _("Give the distance, in km, beyond which the surcharge applies.")
        if self.kind != SurchargeKind.DISTANCE and self.amount_per_km:
            errors["amount_per_km"] = _("Only distance surcharges are charged per km.")
        if not (self.percent or self.amount or self.amount_per_km):
            errors["amount"] = _("Give a percentage or an amount.")
        if errors:
            raise ValidationError(errors)


class Zone(Timestamped):
    """An area the company serves. When a company has zones, an address outside all of them cannot
    be quoted; inside several, the cheapest zone applies. A radius zone centres on its own point or,
    if none is given, on the company's base."""

    name = _translated(NAME)
    kind = models.CharField(max_length=20, choices=ZoneKind.choices, default=ZoneKind.RADIUS)
    center_latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True,
                                          validators=[MinValueValidator(-90), MaxValueValidator(90)])
    center_longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True,
                                           validators=[MinValueValidator(-180), MaxValueValidator(180)])
    radius_km = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True,
                                    validators=[MinValueValidator(0)])
    polygon = models.JSONField(default=list, blank=True, help_text="[[latitude, longitude], ...], at least 3 points.")
    surcharge = models.PositiveIntegerField(default=0)
    position = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(kind="radius") | Q(radius_km__isnull=False),
                                   name="zone_radius_has_radius"),
        ]

    def __str__(self) -> str:
        return str(self.name)

    def clean(self) -> None:
        if self.kind == ZoneKind.RADIUS:
            if not self.radius_km:
                raise ValidationError({"radius_km": _("Give the radius in km.")})
            if (self.center_latitude is None) != (self.center_longitude is None):
                raise ValidationError({"center_latitude": _("Give both coordinates of the centre, or neither.")})
            if self.center_latitude is None and not CatalogSettings.objects.filter(
                base_latitude__isnull=False
            ).exists():
                raise ValidationError({"center_latitude": _("Give a centre, or set the company's base first.")})
        else:
            points = self.polygon if isinstance(self.polygon, list) else []
            valid = len(points) >= 3 and all(
                isinstance(p, list | tuple) and len(p) == 2
                and all(isinstance(c, int | float) and not isinstance(c, bool) for c in p)
                and -90 <= p[0] <= 90 and -180 <= p[1] <= 180
                for p in points
            )
            if not valid:
                raise ValidationError({"polygon": _("Give at least 3 points as [latitude, longitude].")})


class Holiday(Timestamped):
    """A day of the company's holiday calendar (holiday surcharges apply on it)."""

    date = models.DateField(unique=True)
    name = _translated(NAME)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return self.date.isoformat()


class CancellationTier(Timestamped):
    """One step of a service's cancellation policy.

    A time tier applies when the customer cancels at least `hours_before` hours before the visit
    (the tier nearest the visit also covers everything later). The on-the-way tier applies once the
    worker has set off, if it costs more. Fee: `percent` of the order total plus `amount`.
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cancellation_tiers")
    hours_before = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(24 * 30)])
    on_the_way = models.BooleanField(default=False)
    percent = models.DecimalField(
        max_digits=5, decimal_places=2, default=0, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    amount = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["on_the_way", "-hours_before", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(on_the_way=True, hours_before__isnull=True)
                | Q(on_the_way=False, hours_before__isnull=False),
                name="cancellation_tier_time_or_on_the_way",
            ),
            models.CheckConstraint(condition=Q(percent__gte=0, percent__lte=100), name="cancellation_tier_percent"),
            models.UniqueConstraint(fields=["service", "hours_before"], name="one_cancellation_tier_per_hours"),
            models.UniqueConstraint(fields=["service"], condition=Q(on_the_way=True),
                                    name="one_on_the_way_tier_per_service"),
        ]

    def __str__(self) -> str:
        return "on the way" if self.on_the_way else f"{self.hours_before} h before"
