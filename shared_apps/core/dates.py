"""The range of dates any calendar, board or schedule accepts: dates near year 1 or 9999 overflow
date arithmetic (a week on from 9999-12-31), so every date parameter is bounded with a field error."""
from __future__ import annotations

from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

FIRST_DATE, LAST_DATE = date(2000, 1, 1), date(2100, 12, 31)

OUT_OF_RANGE = _("Choose a date between 2000 and 2100.")


def calendar_date_validators() -> list:
    return [MinValueValidator(FIRST_DATE, message=OUT_OF_RANGE), MaxValueValidator(LAST_DATE, message=OUT_OF_RANGE)]


def is_calendar_date(day: date | None) -> bool:
    return day is not None and FIRST_DATE <= day <= LAST_DATE


class CalendarDateField(forms.DateField):
    """A page form's date, within the calendar's range."""

    default_validators = calendar_date_validators()
