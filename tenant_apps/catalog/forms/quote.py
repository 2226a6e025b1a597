"""The storefront's quote form: what a visitor chooses on a service page, parsed into a QuoteRequest.

Parsing only: whether the start is soon enough, the quantity in range or the address served is the
quote engine's to say (its field errors are shown on these fields by the view).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shared_apps.core.geo import GeoPoint

from ..choices import PriceModel, Unit
from ..models import Service, Variant
from ..pricing import HOURLY_STEP_MINUTES, MAX_CHOSEN_MINUTES, AddOnChoice, QuoteRequest
from ..selectors import service_zones, zone_centre
from ..translations import pick
from ..wording import duration

START_FORMAT = "%Y-%m-%dT%H:%M"
COUNTED_MODELS = frozenset({PriceModel.PER_UNIT, PriceModel.PER_AREA, PriceModel.BUYBACK})


def counts_quantity(variant: Variant) -> bool:
    return variant.price_model in COUNTED_MODELS


def is_hourly(variant: Variant) -> bool:
    return variant.price_model == PriceModel.HOURLY


def default_quantity(variant: Variant) -> int | None:
    return variant.min_quantity if counts_quantity(variant) else None


def default_minutes(variant: Variant, service: Service) -> int | None:
    """The hours an hourly variant starts with: its usual duration, at least its minimum."""
    if not is_hourly(variant):
        return None
    usual = variant.duration_minutes or service.default_duration_minutes
    minutes = max(usual, variant.minimum_minutes, HOURLY_STEP_MINUTES)
    return min(minutes - minutes % HOURLY_STEP_MINUTES, MAX_CHOSEN_MINUTES)


def hour_choices(variant: Variant) -> list[tuple[int, str]]:
    first = max(variant.minimum_minutes, HOURLY_STEP_MINUTES)
    first += -first % HOURLY_STEP_MINUTES
    return [(m, duration(m)) for m in range(first, MAX_CHOSEN_MINUTES + 1, HOURLY_STEP_MINUTES)]


def default_start(service: Service, time_zone: str, now: datetime | None = None) -> datetime:
    """A first suggestion: 10:00 on the first day that leaves the service's lead time (at least tomorrow)."""
    tz = ZoneInfo(time_zone)
    now = (now or timezone.now()).astimezone(tz)
    earliest = now + timedelta(minutes=service.min_lead_minutes)
    day = max(now.date() + timedelta(days=1), earliest.date())
    start = datetime(day.year, day.month, day.day, 10, tzinfo=tz)
    return start if start >= earliest else start + timedelta(days=1)


def choices_for_variant(data, *, service: Service, variant: Variant) -> tuple[dict, bool]:
    """The posted choices (a copy) as they apply to `variant`, and whether it was just chosen: when it
    is not the variant the page's fields were shown for (`shown_variant`), its amount of work starts
    from its own defaults, since the old variant's hours or quantity may mean nothing for it."""
    data = data.copy()
    if data.get("shown_variant") == str(variant.pk):
        return data, False
    data["shown_variant"] = str(variant.pk)
    data["quantity"] = default_quantity(variant) or ""
    data["duration_minutes"] = default_minutes(variant, service) or ""
    return data, True


def addon_field(add_on_id: int) -> str:
    return f"addon_{add_on_id}"


class QuoteForm(forms.Form):
    """Built for one service and the variant the visitor has chosen (`variant`)."""

    shown_variant = forms.IntegerField(required=False, widget=forms.HiddenInput)
    variant = forms.TypedChoiceField(label=_("Option"), coerce=int, widget=forms.RadioSelect)
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, max_value=100_000, required=False,
                                  widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    duration_minutes = forms.TypedChoiceField(label=_("Hours"), coerce=int, required=False, empty_value=None)
    start = forms.DateTimeField(
        label=_("Start"), input_formats=[START_FORMAT, "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=START_FORMAT),
    )
    address_line = forms.CharField(label=_("Address"), max_length=200, required=False,
                                   widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    zone = forms.TypedChoiceField(label=_("District"), coerce=int, required=False, empty_value=None)
    latitude = forms.DecimalField(label=_("Latitude"), min_value=-90, max_value=90, max_digits=9,
                                  decimal_places=6, required=False)
    longitude = forms.DecimalField(label=_("Longitude"), min_value=-180, max_value=180, max_digits=9,
                                   decimal_places=6, required=False)

    def __init__(self, *args, service: Service, variant: Variant, time_zone: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.service = service
        self.chosen_variant = variant
        self.time_zone = time_zone
        self.fields["variant"].choices = [(v.pk, str(v.pk)) for v in service.variants.all()]
        self.zones = {z.pk: z for z in service_zones()}
        self.fields["zone"].choices = [("", _("Choose your district")),
                                       *((pk, pick(z.name)) for pk, z in self.zones.items())]
        self.fields["duration_minutes"].choices = hour_choices(variant) if is_hourly(variant) else []
        quantity = self.fields["quantity"]
        quantity.widget.attrs.update(min=variant.min_quantity, max=variant.max_quantity)
        quantity.label = {Unit.SQUARE_METRE: _("Area"), Unit.KILOGRAM: _("Weight")}.get(variant.unit, _("How many"))
        for add_on in service.add_ons.all():
            if add_on.max_quantity == 1:
                field = forms.BooleanField(required=False)
            else:
                field = forms.IntegerField(min_value=0, max_value=add_on.max_quantity, required=False,
                                           widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0,
                                                                           "max": add_on.max_quantity,
                                                                           "placeholder": "0"}))
            field.add_on = add_on
            self.fields[addon_field(add_on.pk)] = field

    def clean_start(self):
        # Read in the company's time zone, whatever the server's is.
        value = self.cleaned_data["start"]
        return value.replace(tzinfo=None).replace(tzinfo=ZoneInfo(self.time_zone)) if value else value

    def clean(self):
        data = super().clean()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None) and not (
            self.has_error("latitude") or self.has_error("longitude")
        ):
            self.add_error("latitude" if latitude is None else "longitude",
                           _("Give both coordinates of the address, or neither."))
        return data

    def add_on_fields(self):
        return [self[name] for name in self.fields if name.startswith("addon_")]

    def quote_request(self, *, customer_id: int | None) -> QuoteRequest:
        """The request the quote engine prices (call after is_valid())."""
        data = self.cleaned_data
        variant = self.chosen_variant
        add_ons = []
        for name, field in self.fields.items():
            if name.startswith("addon_"):
                count = data.get(name)
                count = int(count) if count not in (None, False) else 0  # a ticked box is one
                if count:
                    add_ons.append(AddOnChoice(add_on_id=field.add_on.pk, quantity=count))
        self.requested_add_ons = [choice.add_on_id for choice in add_ons]  # the engine's errors name indexes
        location = None
        if data.get("latitude") is not None and data.get("longitude") is not None:
            location = GeoPoint(float(data["latitude"]), float(data["longitude"]))
        elif data.get("zone") in self.zones:
            location = zone_centre(self.zones[data["zone"]])  # the district's centre until the address is known
        return QuoteRequest(
            service_id=self.service.pk, start=data["start"], variant_id=variant.pk, add_ons=tuple(add_ons),
            quantity=data.get("quantity") if counts_quantity(variant) else None,
            duration_minutes=data.get("duration_minutes") if is_hourly(variant) else None,
            location=location, customer_id=customer_id,
        )
