"""Order page forms (parsing only: the services decide)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from shared_apps.core.dates import CalendarDateField
from shared_apps.core.uploads import ImageUploadField

from .models import OrderStatus

MAX_TEXT = 2000


class BookForm(forms.Form):
    hold = forms.UUIDField(widget=forms.HiddenInput)
    quote = forms.CharField(max_length=16_000, widget=forms.HiddenInput)
    address_line = forms.CharField(label=_("Address"), max_length=255,
                                   widget=forms.TextInput(attrs={"autocomplete": "street-address"}))
    district = forms.CharField(label=_("District"), max_length=100, required=False)
    latitude = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90)
    longitude = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180)
    contact_name = forms.CharField(label=_("Contact name"), max_length=100,
                                   widget=forms.TextInput(attrs={"autocomplete": "name"}))
    contact_phone = forms.CharField(label=_("Contact phone"), max_length=20,
                                    widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    notes = forms.CharField(label=_("Notes for the worker"), max_length=MAX_TEXT, required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    pay_on_site = forms.BooleanField(label=_("Pay on site"), required=False)

    def __init__(self, *args, allow_pay_on_site: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not allow_pay_on_site:
            del self.fields["pay_on_site"]


class CancelForm(forms.Form):
    expected_fee = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason"), max_length=MAX_TEXT, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


def _start_field():
    # Read in the current time zone: the views parse these inside the company's (timezone.override).
    return forms.DateTimeField(label=_("New start"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
                               widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))


class RescheduleForm(forms.Form):
    """The customer asks to move the visit, confirming the previewed fee."""
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
    latitude = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90)
    longitude = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180)


class CompleteForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=MAX_TEXT, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))
    photo = ImageUploadField(label=_("Photo"), required=False)


class AssignForm(forms.Form):
    worker = forms.TypedChoiceField(label=_("Worker"), coerce=int)
    reason = forms.CharField(label=_("Reason"), max_length=MAX_TEXT, required=False)

    def __init__(self, *args, workers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = [("", "—"), *workers]


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
