"""Serializer fields every API uses: ids, amounts, calendar dates and company date-times."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from django.db import connection
from rest_framework import serializers

from .dates import FIRST_DATE, LAST_DATE, calendar_date_validators  # noqa: F401  (APIs import the range from here)

MAX_AMOUNT = 2_000_000_000  # fen; a PostgreSQL integer column holds 2**31 - 1
MAX_ID = 2**63 - 1


def id_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


def amount_field(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(min_value=0, max_value=MAX_AMOUNT, **kwargs)


def calendar_date(**kwargs) -> serializers.DateField:
    """A date the calendar works with: 2000 to 2100 (no date arithmetic overflows near year 1 or 9999)."""
    return serializers.DateField(validators=calendar_date_validators(), **kwargs)


class CompanyDateTimeField(serializers.DateTimeField):
    """A date-time; one without an offset is read in the company's time zone."""

    def enforce_timezone(self, value):
        if value.tzinfo is None:
            tz = getattr(connection.tenant, "time_zone", None)
            if tz:
                return value.replace(tzinfo=ZoneInfo(tz))
        return super().enforce_timezone(value)
