"""The office's workforce forms: a worker's profile, their week, time off and holidays, the roster's
bulk edit. Parsing only; the rules (overlaps, ranges, both coordinates) are the services'."""
from __future__ import annotations

from datetime import time

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_LEVEL, WorkerStatus

WEEKDAYS = [(1, _("Monday")), (2, _("Tuesday")), (3, _("Wednesday")), (4, _("Thursday")), (5, _("Friday")),
            (6, _("Saturday")), (7, _("Sunday"))]
SHIFTS_PER_DAY = 2  # the week editor's rows per weekday (a split shift); the API takes any number


def _time(label, required=False) -> forms.TimeField:
    return forms.TimeField(label=label, required=required, input_formats=["%H:%M", "%H:%M:%S"],
                           widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))


class WorkerProfileForm(forms.Form):
    skills = forms.MultipleChoiceField(label=_("Skills"), required=False, widget=forms.CheckboxSelectMultiple,
                                       help_text=_("The skills your services ask for."))
    level = forms.IntegerField(label=_("Level"), min_value=1, max_value=MAX_LEVEL, initial=1)
    services = forms.TypedMultipleChoiceField(label=_("Services they may do"), coerce=int, required=False,
                                              widget=forms.CheckboxSelectMultiple,
                                              help_text=_("None ticked: every service their skills cover."))
    price_adjustment_percent = forms.DecimalField(label=_("Price adjustment (%)"), min_value=-90, max_value=500,
                                                  max_digits=5, decimal_places=2, initial=0)
    home_address = forms.CharField(label=_("Home address"), max_length=200, required=False,
                                   help_text=_("Where they set off from: street, number, building. "
                                               "Empty: no home base."))
    home_zone = forms.TypedChoiceField(label=_("Home district"), coerce=int, required=False, empty_value=None,
                                       help_text=_("When the address cannot be found, the home base is placed "
                                                   "at the district's centre."))
    service_radius_km = forms.DecimalField(label=_("Service radius (km)"), min_value=0, max_value=1000,
                                           max_digits=6, decimal_places=2, required=False,
                                           help_text=_("Empty: any distance."))
    status = forms.ChoiceField(label=_("Status"), choices=WorkerStatus.choices, initial=WorkerStatus.ACTIVE)

    def __init__(self, *args, service_choices=(), skill_choices=(), zone_choices=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["services"].choices = list(service_choices)
        self.fields["skills"].choices = list(skill_choices)
        if "home_zone" in self.fields:
            self.fields["home_zone"].choices = [("", _("Not chosen")), *zone_choices]

    def clean_skills(self) -> list[str]:
        return list(self.cleaned_data["skills"])

    def profile_values(self, *, address_unchanged: bool = False) -> dict:
        """The profile changes; `address_unchanged`: the home address and district are as saved, so
        the home base (perhaps set from the worker's phone) is left alone."""
        data = self.cleaned_data
        values = {"skills": data["skills"], "level": data["level"], "services": data["services"],
                  "price_adjustment_percent": data["price_adjustment_percent"],
                  "service_radius_km": data.get("service_radius_km"), "status": data["status"]}
        if not address_unchanged:
            values["home_address"] = {"line": data.get("home_address") or "", "zone": data.get("home_zone")}
        return values


class WorkerInviteForm(WorkerProfileForm):
    phone = forms.CharField(label=_("Mobile number"), max_length=32,
                            widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}))
    # Only what the invite card shows: the rest of the profile (price adjustment, status, home...)
    # has defaults and is edited on the worker's page. Requiring fields the page does not show made
    # the form fail with no field marked (issue 12 point 7).
    ON_PAGE = ("phone", "skills", "level")
    field_order = list(ON_PAGE)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in self.ON_PAGE:
                del self.fields[name]

    def profile_values(self) -> dict:
        return {"skills": self.cleaned_data["skills"], "level": self.cleaned_data["level"]}


class WeekForm(forms.Form):
    """Per weekday, up to SHIFTS_PER_DAY shifts (start and end; an end at or before the start runs
    past midnight)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for weekday, label in WEEKDAYS:
            for n in range(SHIFTS_PER_DAY):
                self.fields[f"d{weekday}_{n}_start"] = _time(_("%(day)s from") % {"day": label})
                self.fields[f"d{weekday}_{n}_end"] = _time(_("%(day)s until") % {"day": label})

    @staticmethod
    def initial_for(templates) -> dict:
        initial: dict[str, time] = {}
        counts: dict[int, int] = {}
        for t in templates:
            n = counts.get(t.weekday, 0)
            if n < SHIFTS_PER_DAY:
                initial[f"d{t.weekday}_{n}_start"] = t.start_time
                initial[f"d{t.weekday}_{n}_end"] = t.end_time
            counts[t.weekday] = n + 1
        return initial

    def rows(self):
        return [{"weekday": weekday, "label": label,
                 "shifts": [(self[f"d{weekday}_{n}_start"], self[f"d{weekday}_{n}_end"])
                            for n in range(SHIFTS_PER_DAY)]}
                for weekday, label in WEEKDAYS]

    def clean(self):
        data = super().clean()
        for weekday, _label in WEEKDAYS:
            for n in range(SHIFTS_PER_DAY):
                start, end = f"d{weekday}_{n}_start", f"d{weekday}_{n}_end"
                if (data.get(start) is None) != (data.get(end) is None) and not (
                        self.has_error(start) or self.has_error(end)):
                    self.add_error(start if data.get(start) is None else end, _("Give both the start and the end."))
        return data

    def shifts(self) -> list[tuple[int, time, time]]:
        data = self.cleaned_data
        return [(weekday, data[f"d{weekday}_{n}_start"], data[f"d{weekday}_{n}_end"])
                for weekday, _label in WEEKDAYS for n in range(SHIFTS_PER_DAY)
                if data.get(f"d{weekday}_{n}_start") is not None and data.get(f"d{weekday}_{n}_end") is not None]


class TimeOffForm(forms.Form):
    worker = forms.TypedChoiceField(label=_("Who"), coerce=int, empty_value=None, required=False,
                                    help_text=_("Nobody: a company holiday, when nobody works."))
    start_date = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = _time(_("From (time)"))
    end_time = _time(_("Until (time)"))
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, worker_choices=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = [("", _("Everybody (company holiday)")), *worker_choices]


class RosterBulkForm(forms.Form):
    """Set one day's hours for several workers at once."""

    MODE_HOURS, MODE_OFF, MODE_TEMPLATE = "hours", "off", "template"

    workers = forms.TypedMultipleChoiceField(label=_("Workers"), coerce=int, widget=forms.CheckboxSelectMultiple)
    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    mode = forms.ChoiceField(label=_("Set"), initial=MODE_HOURS, choices=[
        (MODE_HOURS, _("These hours")), (MODE_OFF, _("A day off")), (MODE_TEMPLATE, _("Their usual week"))])
    start_time = _time(_("From"))
    end_time = _time(_("Until"))

    def __init__(self, *args, worker_choices=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workers"].choices = list(worker_choices)

    def clean(self):
        data = super().clean()
        if data.get("mode") == self.MODE_HOURS:
            for name in ("start_time", "end_time"):
                if data.get(name) is None and not self.has_error(name):
                    self.add_error(name, _("Give the hours."))
        return data

    def shifts(self) -> tuple[tuple[time, time], ...] | None:
        data = self.cleaned_data
        if data["mode"] == self.MODE_TEMPLATE:
            return None
        if data["mode"] == self.MODE_OFF:
            return ()
        return ((data["start_time"], data["end_time"]),)
