"""Order page forms (parsing only: the services decide)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from shared_apps.core.dates import CalendarDateField
from shared_apps.core.uploads import ImageUploadField
from tenant_apps.people.forms import ADDRESS_FIELDS, AddressForm

from .board import BOARD_STATES
from .models import OrderStatus

MAX_TEXT = 2000


NEW_ADDRESS = "new"


class BookForm(AddressForm):
    """Book a held time at a saved address or a new one (saved on the profile as it books)."""

    hold = forms.UUIDField(widget=forms.HiddenInput)
    quote = forms.CharField(max_length=16_000, widget=forms.HiddenInput)
    address = forms.ChoiceField(label=_("Address"), widget=forms.RadioSelect)
    notes = forms.CharField(label=_("Notes for the worker"), max_length=MAX_TEXT, required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    pay_on_site = forms.BooleanField(label=_("Pay on site"), required=False)
    book_anyway = forms.BooleanField(label=_("Yes, book another visit at the same time"), required=False)

    def __init__(self, *args, addresses=(), offer_pay_on_site: bool = False, duplicate: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.saved = list(addresses)
        self.fields["address"].choices = [(str(a.pk), str(a)) for a in self.saved] + [
            (NEW_ADDRESS, _("A new address"))]
        if not self.saved:
            self.fields["address"].widget = forms.HiddenInput()
        if not offer_pay_on_site:
            del self.fields["pay_on_site"]
        if not duplicate and not self.data.get("book_anyway"):
            del self.fields["book_anyway"]
        if self.is_bound and self.data.get("address") != NEW_ADDRESS and self.saved:
            for name in ADDRESS_FIELDS:  # a saved address was chosen: the new one's fields are not asked
                if name in self.fields:
                    self.fields[name].required = False

    def is_new_address(self) -> bool:
        return self.cleaned_data.get("address") == NEW_ADDRESS


class CancelForm(forms.Form):
    expected_fee = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=MAX_TEXT, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class SlotPickerQuery(forms.Form):
    """The month and day a slot picker shows (GET)."""
    month = forms.DateField(required=False, input_formats=["%Y-%m"])
    day = forms.DateField(required=False, input_formats=["%Y-%m-%d"])


def _start_field():
    # Read in the current time zone: the views parse these inside the company's (timezone.override).
    return forms.DateTimeField(label=_("New start"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                               widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                               error_messages={"required": _("Choose one of the free times.")})


class RescheduleForm(forms.Form):
    """The customer asks to move the visit, confirming the previewed fee (the start is one of the
    slot picker's free times)."""
    start = _start_field()
    expected_fee = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=MAX_TEXT, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class WorkerRescheduleForm(forms.Form):
    """The worker asks to move the visit (a move the worker asks for is free; a reason is required)."""
    start = _start_field()
    reason = forms.CharField(label=_("Reason"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2}))


class ReviewForm(forms.Form):
    comment = forms.CharField(label=_("Your review"), max_length=MAX_TEXT, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2}))


class DepartForm(forms.Form):
    eta_minutes = forms.IntegerField(label=_("Arriving in (minutes)"), min_value=0, max_value=24 * 60, initial=20)


class ArriveForm(forms.Form):
    """Filled by the browser's geolocation; empty when the worker's phone does not tell (then the
    arrival is recorded without a location and flagged for the office)."""
    latitude = forms.FloatField(min_value=-90, max_value=90, required=False, widget=forms.HiddenInput)
    longitude = forms.FloatField(min_value=-180, max_value=180, required=False, widget=forms.HiddenInput)


def _early_reason_field():
    return forms.CharField(label=_("Why now, before the visit is due?"), max_length=MAX_TEXT, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class StartForm(forms.Form):
    early_reason = _early_reason_field()


class CompleteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=MAX_TEXT, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    photo = ImageUploadField(label=_("Photo"), required=False)
    early_reason = _early_reason_field()


class AssignForm(forms.Form):
    worker = forms.TypedChoiceField(label=_("Worker"), coerce=int, error_messages={
        "required": _("Choose a worker: giving the order to nobody changes nothing.")})
    reason = forms.CharField(label=_("Reason"), max_length=MAX_TEXT, required=False)

    def __init__(self, *args, workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = [("", "—"), *workers]


class OfficeRescheduleForm(forms.Form):
    """The office moves the visit to one of the slot picker's free times, with a reason."""
    start = _start_field()
    reason = forms.CharField(label=_("Reason"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 2}))


class PaymentForm(forms.Form):
    reference = forms.CharField(label=_("Payment reference"), max_length=100, required=False)


class BoardFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    date = CalendarDateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    worker = forms.TypedChoiceField(label=_("Worker"), coerce=int, required=False, empty_value=None)
    category = forms.TypedChoiceField(label=_("Category"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, workers=(), categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("Any")), *OrderStatus.choices]
        self.fields["worker"].choices = [("", _("Any")), *workers]
        self.fields["category"].choices = [("", _("Any")), *categories]


class DispatchBoardQuery(forms.Form):
    """The dispatch board's day, view (day or week) and filters."""

    day = CalendarDateField(label=_("Day"), required=False,
                            widget=forms.DateInput(attrs={"type": "date"}))
    view = forms.ChoiceField(label=_("View"), required=False,
                             choices=[("day", _("Day")), ("week", _("Week"))])
    skill = forms.ChoiceField(label=_("Skill"), required=False)
    zone = forms.TypedChoiceField(label=_("Zone"), coerce=int, required=False, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)
    version = forms.CharField(required=False, max_length=100)

    def __init__(self, *args, skills=(), zones=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skill"].choices = [("", _("Any")), *((s, s) for s in skills)]
        self.fields["zone"].choices = [("", _("Any")), *zones]
        self.fields["status"].choices = [("", _("Any")), *((s.value, s.label) for s in (
            OrderStatus.PENDING_DISPATCH, *BOARD_STATES))]


class BoardAssignInput(forms.Form):
    """Give `order` to `worker` (the board's drop or tap)."""

    order = forms.IntegerField(min_value=1)
    worker = forms.IntegerField(min_value=1)


class WorkerDayQuery(forms.Form):
    """Which day the worker's day page shows (empty: today)."""

    day = CalendarDateField(label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class HomeBaseForm(forms.Form):
    """Where a worker sets off from: the phone's position (the page asks the browser), never typed;
    `clear` forgets it."""

    latitude = forms.DecimalField(min_value=-90, max_value=90, max_digits=9, decimal_places=6, required=False,
                                  widget=forms.HiddenInput)
    longitude = forms.DecimalField(min_value=-180, max_value=180, max_digits=10, decimal_places=6, required=False,
                                   widget=forms.HiddenInput)
    clear = forms.BooleanField(required=False)

    def clean(self):
        data = super().clean()
        lat, lng = data.get("latitude"), data.get("longitude")
        if self.errors or data.get("clear"):
            return data
        if lat is None or lng is None:
            raise forms.ValidationError(_("Your phone did not share where you are. Allow location for this site "
                                          "and try again."))
        return data

    def home(self) -> dict | None:
        if self.cleaned_data.get("clear"):
            return None
        lat, lng = self.cleaned_data.get("latitude"), self.cleaned_data.get("longitude")
        return {"latitude": float(lat), "longitude": float(lng)}


class OptimiseDayForm(forms.Form):
    """Which day to optimise (the "Optimise tomorrow" button sends `preset=tomorrow`), and whether
    orders offered but not yet accepted may move too."""

    day = forms.DateField(required=False, label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    move_assigned = forms.BooleanField(required=False, label=_("Also move assigned jobs (not yet accepted)"))
    preset = forms.CharField(required=False)


class ApplyDayPlanForm(forms.Form):
    plan = forms.JSONField()
