"""The back office's catalog forms: parsing only (amounts in yuan to fen, one text box per language,
lines, lists); the rules are the models' and the catalog services', shown back on these fields.

Each form takes `instance` (to edit) and gives `values()`, the dict the catalog service takes.
"""
from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from shared_apps.core.uploads import ImageUploadField
from shared_apps.credentials.models import CredentialKind

from ..choices import AddOnKind, PriceModel, SurchargeKind, Unit, ZoneKind
from ..models import MAX_DURATION_MINUTES
from ..skills import skill_choices
from ..translations import pick

MAX_YUAN = Decimal("20000000.00")  # 2,000,000,000 fen: what an integer column holds, with room
LANGUAGES = [(code, name, code.replace("-", "_")) for code, name in settings.LANGUAGES]
WEEKDAYS = [(1, _("Monday")), (2, _("Tuesday")), (3, _("Wednesday")), (4, _("Thursday")), (5, _("Friday")),
            (6, _("Saturday")), (7, _("Sunday"))]


class YuanField(forms.DecimalField):
    """An amount typed in yuan ("12.5") and given to the services in fen (1250): Decimal, never float.
    Empty is 0."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(max_digits=11, decimal_places=2, min_value=Decimal(0), max_value=MAX_YUAN,
                         widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}), **kwargs)

    def clean(self, value) -> int:
        amount = super().clean(value)
        return 0 if amount is None else int(amount * 100)

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):  # fen from the database
            return f"{value // 100}.{value % 100:02d}"
        return value


def minutes_field(label, *, required: bool = False, maximum: int = 24 * 60, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=0, max_value=maximum, required=required,
                              widget=forms.NumberInput(attrs={"inputmode": "numeric"}), **kwargs)


def position_field() -> forms.IntegerField:
    return forms.IntegerField(label=_("Position"), min_value=0, max_value=100_000, initial=0,
                              help_text=_("Smaller comes first."))


class EditorForm(forms.Form):
    """Plain fields named like the model's, plus one field per language for each translated text
    (`translated`: name -> (label, max length, is a list of lines, is a long text))."""

    translated: dict[str, tuple] = {}
    order: tuple[str, ...] = ()

    def __init__(self, *args, instance=None, read_only: bool = False, **kwargs) -> None:
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(instance)
        super().__init__(*args, **kwargs)
        self.instance = instance
        for name, (label, max_length, lines, long) in self.translated.items():
            for code, language, suffix in LANGUAGES:
                widget = forms.Textarea(attrs={"rows": 4 if lines or long else 2}) if lines or long else None
                help_text = _("One item per line.") if lines else ""
                field = forms.CharField(label=format_lazy("{} ({})", label, language), required=False,
                                        max_length=None if lines else max_length, widget=widget,
                                        help_text=help_text, strip=True)
                field.widget.attrs["lang"] = code
                self.fields[f"{name}_{suffix}"] = field
        if self.order:
            self.order_fields(self.order)
        if read_only:
            for field in self.fields.values():
                field.disabled = True

    @classmethod
    def initial_from(cls, instance) -> dict:
        initial = {}
        for name in cls.base_fields:
            if hasattr(instance, name):
                initial[name] = getattr(instance, name)
        for name, (_label, _max, lines, _long) in cls.translated.items():
            texts = getattr(instance, name) or {}
            for code, _language, suffix in LANGUAGES:
                value = texts.get(code, [] if lines else "")
                initial[f"{name}_{suffix}"] = "\n".join(value) if lines else value
        return initial

    def values(self) -> dict:
        """The cleaned data as the catalog service's values (call after is_valid())."""
        data = dict(self.cleaned_data)
        for name, (_label, _max, lines, _long) in self.translated.items():
            texts = {}
            for code, _language, suffix in LANGUAGES:
                text = data.pop(f"{name}_{suffix}", "") or ""
                if lines:
                    items = [line.strip() for line in text.splitlines() if line.strip()]
                    if items:
                        texts[code] = items
                else:
                    # Every language, even empty: the model skips its validators on an empty {}, so a
                    # missing name would pass unnoticed.
                    texts[code] = text
            data[name] = texts
        return data

    def field_map(self) -> dict[str, str]:
        """A service's error on a translated text goes on its first language's box."""
        first = LANGUAGES[0][2]
        return {name: f"{name}_{first}" for name in self.translated}


def category_label(category) -> str:
    """A category as a choice: "Cleaning › Home cleaning" for a sub-category."""
    if category.parent_id:
        return f"{pick(category.parent.name)} › {pick(category.name)}"
    return pick(category.name)


NAME = (_("Name"), 120, False, False)
DESCRIPTION = (_("Description"), 4000, False, True)


class CategoryForm(EditorForm):
    translated = {"name": NAME, "description": DESCRIPTION}
    parent = forms.ModelChoiceField(label=_("Inside"), queryset=None, required=False,
                                    empty_label=_("— top level —"))
    position = position_field()
    is_active = forms.BooleanField(label=_("Shown on your site"), required=False, initial=True)
    order = ("name_en", "name_zh_hans", "parent", "description_en", "description_zh_hans", "position", "is_active")

    def __init__(self, *args, parents, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = category_label


class ServiceForm(EditorForm):
    translated = {
        "name": NAME, "description": DESCRIPTION,
        "included": (_("What is included"), 300, True, False),
        "standard": (_("Service standard"), 4000, False, True),
    }
    category = forms.ModelChoiceField(label=_("Category"), queryset=None)
    default_duration_minutes = minutes_field(_("Usual duration (minutes)"), required=True,
                                             maximum=MAX_DURATION_MINUTES, initial=120)
    crew_size = forms.IntegerField(label=_("Crew (workers)"), min_value=1, max_value=50, initial=1)
    min_lead_minutes = minutes_field(_("Book at least this many minutes ahead"), required=True,
                                     maximum=60 * 24 * 30, initial=120)
    required_skills = forms.MultipleChoiceField(label=_("Skills needed"), required=False,
                                                widget=forms.CheckboxSelectMultiple,
                                                help_text=_("Only workers with every ticked skill are offered."))
    required_credentials = forms.MultipleChoiceField(
        label=_("Credentials needed"), required=False, widget=forms.CheckboxSelectMultiple,
        choices=CredentialKind.choices,
        help_text=_("Only workers whose approved, unexpired credentials include every ticked one are offered."))
    position = position_field()
    is_active = forms.BooleanField(label=_("Shown on your site"), required=False, initial=True)
    is_promoted = forms.BooleanField(label=_("Promoted on the home page"), required=False)
    order = ("name_en", "name_zh_hans", "category", "description_en", "description_zh_hans", "included_en",
             "included_zh_hans", "standard_en", "standard_zh_hans", "default_duration_minutes", "crew_size",
             "min_lead_minutes", "required_skills", "required_credentials", "position", "is_active", "is_promoted")

    def __init__(self, *args, categories, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories.select_related("parent")
        self.fields["category"].label_from_instance = category_label
        current = (self.instance.required_skills or []) if self.instance is not None else []
        self.fields["required_skills"].choices = skill_choices(extra=current, with_standard=True)

    @classmethod
    def initial_from(cls, instance) -> dict:
        initial = super().initial_from(instance)
        initial["required_skills"] = list(instance.required_skills or [])
        initial["required_credentials"] = list(instance.required_credentials or [])
        return initial

    def clean_required_skills(self) -> list[str]:
        skills = list(self.cleaned_data["required_skills"])
        if len(skills) > 20:
            raise forms.ValidationError(_("At most 20 skills."))
        return skills


class VariantForm(EditorForm):
    translated = {"name": NAME, "description": DESCRIPTION}
    price_model = forms.ChoiceField(label=_("Priced"), choices=PriceModel.choices, initial=PriceModel.FIXED)
    unit = forms.ChoiceField(label=_("Counted in"), choices=Unit.choices, initial=Unit.VISIT,
                             help_text=_("For per-unit and buy-back prices; the others set it themselves."))
    base_price = YuanField(label=_("Base price (¥)"),
                           help_text=_("Fixed price, call-out fee or pickup fee."))
    unit_price = YuanField(label=_("Price per unit (¥)"),
                           help_text=_("Per hour, unit, m² or kg; what we pay for a buy-back."))
    min_quantity = forms.IntegerField(label=_("Least quantity"), min_value=1, max_value=100_000, initial=1)
    max_quantity = forms.IntegerField(label=_("Most quantity"), min_value=1, max_value=100_000, initial=100)
    minimum_minutes = minutes_field(_("Fewest minutes charged"), initial=0,
                                    help_text=_("Hourly prices: whole half hours."))
    minimum_charge = YuanField(label=_("Minimum charge (¥)"))
    duration_minutes = minutes_field(_("Duration (minutes)"), maximum=MAX_DURATION_MINUTES,
                                     help_text=_("Empty: the service's usual duration."))
    minutes_per_unit = minutes_field(_("Extra minutes per unit"), initial=0)
    crew_size = forms.IntegerField(label=_("Crew (workers)"), min_value=1, max_value=50, required=False,
                                   help_text=_("Empty: the service's crew."))
    position = position_field()
    is_active = forms.BooleanField(label=_("Offered"), required=False, initial=True)
    order = ("name_en", "name_zh_hans", "price_model", "unit", "base_price", "unit_price", "min_quantity",
             "max_quantity", "minimum_minutes", "minimum_charge", "duration_minutes", "minutes_per_unit",
             "crew_size", "description_en", "description_zh_hans", "position", "is_active")

    def values(self) -> dict:
        data = super().values()
        for name in ("minimum_minutes", "minutes_per_unit"):
            data[name] = data[name] or 0
        return data


class AddOnForm(EditorForm):
    translated = {"name": NAME, "description": DESCRIPTION}
    kind = forms.ChoiceField(label=_("Kind"), choices=AddOnKind.choices, initial=AddOnKind.OTHER)
    price = YuanField(label=_("Price per unit (¥)"))
    max_quantity = forms.IntegerField(label=_("Most a customer can choose"), min_value=1, max_value=100, initial=1)
    extra_minutes = minutes_field(_("Extra minutes per unit"), initial=0)
    extra_crew = forms.IntegerField(label=_("Extra workers per unit"), min_value=0, max_value=20, initial=0)
    position = position_field()
    is_active = forms.BooleanField(label=_("Offered"), required=False, initial=True)
    order = ("name_en", "name_zh_hans", "kind", "price", "max_quantity", "extra_minutes", "extra_crew",
             "description_en", "description_zh_hans", "position", "is_active")

    def values(self) -> dict:
        data = super().values()
        data["extra_minutes"] = data["extra_minutes"] or 0
        return data


class CancellationTierForm(forms.Form):
    hours_before = forms.IntegerField(label=_("Hours before the visit"), min_value=0, max_value=24 * 30,
                                      required=False)
    on_the_way = forms.BooleanField(label=_("Once the worker is on the way"), required=False)
    percent = forms.DecimalField(label=_("Fee, percent of the price"), min_value=0, max_value=100, max_digits=5,
                                 decimal_places=2, required=False)
    amount = YuanField(label=_("Fixed fee (¥)"))

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return data.get("hours_before") is None and not data.get("on_the_way") and not data.get("percent") \
            and not data.get("amount")

    def values(self) -> dict:
        data = self.cleaned_data
        return {"hours_before": data.get("hours_before"), "on_the_way": bool(data.get("on_the_way")),
                "percent": data.get("percent") or Decimal(0), "amount": data.get("amount") or 0}


CancellationPolicyFormSet = forms.formset_factory(CancellationTierForm, extra=2, max_num=10, absolute_max=12)


class PhotoForm(forms.Form):
    image = ImageUploadField(label=_("Photo"), help_text=_("PNG, JPEG or WebP; the first photo leads the page."))
    position = forms.IntegerField(label=_("Position"), min_value=0, max_value=1000, initial=0)


class SurchargeForm(EditorForm):
    translated = {"name": NAME}
    kind = forms.ChoiceField(label=_("When it applies"), choices=SurchargeKind.choices)
    service = forms.ModelChoiceField(label=_("Service"), queryset=None, required=False,
                                     empty_label=_("— every service —"))
    percent = forms.DecimalField(label=_("Percent of the price"), min_value=0, max_value=500, max_digits=5,
                                 decimal_places=2, required=False)
    amount = YuanField(label=_("Fixed amount (¥)"))
    amount_per_km = YuanField(label=_("Per km beyond the distance (¥)"))
    start_time = forms.TimeField(label=_("From (time of day)"), required=False,
                                 widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label=_("Until (time of day)"), required=False,
                               widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    weekdays = forms.TypedMultipleChoiceField(label=_("Days"), choices=WEEKDAYS, coerce=int, required=False,
                                              widget=forms.CheckboxSelectMultiple(attrs={"class": "weekday"}))
    within_hours = forms.IntegerField(label=_("Booked less than this many hours ahead"), min_value=1,
                                      max_value=24 * 14, required=False)
    beyond_km = forms.DecimalField(label=_("Beyond (km from the base)"), min_value=0, max_digits=6,
                                   decimal_places=2, required=False)
    position = position_field()
    is_active = forms.BooleanField(label=_("In force"), required=False, initial=True)
    order = ("name_en", "name_zh_hans", "kind", "service", "percent", "amount", "start_time", "end_time",
             "weekdays", "within_hours", "beyond_km", "amount_per_km", "position", "is_active")

    def __init__(self, *args, services, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["service"].label_from_instance = lambda service: pick(service.name)

    def values(self) -> dict:
        data = super().values()
        data["percent"] = data["percent"] or Decimal(0)
        data["weekdays"] = sorted(data["weekdays"])
        return data


class PolygonField(forms.CharField):
    """Points typed one per line as "latitude, longitude"."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(f"{lat}, {lng}" for lat, lng in value)
        return value

    def clean(self, value) -> list[list[float]]:
        text = super().clean(value) or ""
        points = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace("，", ",").split(",")]
            try:
                lat, lng = (float(Decimal(p)) for p in parts)
            except (ValueError, ArithmeticError):
                raise forms.ValidationError(_("Line %(n)d: write it as latitude, longitude.") % {"n": number}) \
                    from None
            points.append([lat, lng])
        return points


class ZoneForm(EditorForm):
    translated = {"name": NAME}
    kind = forms.ChoiceField(label=_("Shape"), choices=ZoneKind.choices, initial=ZoneKind.RADIUS)
    center_latitude = forms.DecimalField(label=_("Centre latitude"), min_value=-90, max_value=90, max_digits=9,
                                         decimal_places=6, required=False)
    center_longitude = forms.DecimalField(label=_("Centre longitude"), min_value=-180, max_value=180,
                                          max_digits=9, decimal_places=6, required=False)
    radius_km = forms.DecimalField(label=_("Radius (km)"), min_value=0, max_digits=6, decimal_places=2,
                                   required=False)
    polygon = PolygonField(label=_("Area points"), required=False,
                           help_text=_("One point per line: latitude, longitude (at least 3)."))
    surcharge = YuanField(label=_("Surcharge in this zone (¥)"))
    position = position_field()
    is_active = forms.BooleanField(label=_("In force"), required=False, initial=True)
    order = ("name_en", "name_zh_hans", "kind", "center_latitude", "center_longitude", "radius_km", "polygon",
             "surcharge", "position", "is_active")


class HolidayForm(EditorForm):
    translated = {"name": NAME}
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    order = ("date", "name_en", "name_zh_hans")


class CatalogSettingsForm(EditorForm):
    base_latitude = forms.DecimalField(label=_("Base latitude"), min_value=-90, max_value=90, max_digits=9,
                                       decimal_places=6, required=False)
    base_longitude = forms.DecimalField(label=_("Base longitude"), min_value=-180, max_value=180, max_digits=9,
                                        decimal_places=6, required=False)
    booking_horizon_days = forms.IntegerField(label=_("Bookable this many days ahead"), min_value=1, max_value=365)
    quote_ttl_minutes = forms.IntegerField(label=_("A quote holds its price for (minutes)"), min_value=1,
                                           max_value=24 * 60)
