"""The storefront calendar's form: the quote form's choices (the job) plus the month and day shown.

Parsing only: whether the job can be booked and when is the availability engine's to say.
"""
from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shared_apps.core.dates import CalendarDateField
from tenant_apps.catalog.forms.quote import QuoteForm

from .selectors import JobRequest

MONTH_FORMAT = "%Y-%m"


class LenientDateTimeField(forms.DateTimeField):
    """A start the calendar can do without: what does not parse is no start."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            return None


class CalendarForm(QuoteForm):
    """The quote form with the start optional (a calendar needs no time to show the free ones)."""

    month = CalendarDateField(required=False, input_formats=[MONTH_FORMAT])
    day = CalendarDateField(required=False, input_formats=["%Y-%m-%d"])
    earliest = forms.BooleanField(required=False)
    shown_start = forms.CharField(required=False, max_length=40)  # the start the calendar was drawn for

    def __init__(self, *args, start_required: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        start = self.fields["start"]
        if start_required:
            start.error_messages = {**start.error_messages, "required": _("Choose a time in the calendar.")}
        else:
            self.fields["start"] = LenientDateTimeField(required=False, input_formats=start.input_formats)

    def job_request(self) -> JobRequest:
        """The job the visitor describes (call after is_valid())."""
        quote = self.quote_request(customer_id=None)
        return JobRequest(service_id=quote.service_id, variant_id=quote.variant_id, add_ons=quote.add_ons,
                          quantity=quote.quantity, duration_minutes=quote.duration_minutes,
                          location=quote.location)

    def start_changed(self) -> bool:
        """Whether the quote's start changed since the calendar was drawn (only the calendar's own
        refresh sends `shown_start`; its month and day buttons do not)."""
        return "shown_start" in self.data and self.data.get("start", "") != self.data.get("shown_start", "")

    def shown_month(self, fallback: date) -> date:
        """The first day of the month to show: the one asked for, else the chosen day's, else `fallback`'s."""
        data = self.cleaned_data
        shown = data.get("month") or data.get("day") or fallback
        return shown.replace(day=1)
