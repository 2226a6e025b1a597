"""Dates and times in the scheduling API: company-local, with a bounded date range."""
from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers

from shared_apps.core.hours import LocalClock

MAX_SEARCH_DAYS = 31
MAX_SCHEDULE_DAYS = 62


def company_today():
    return LocalClock(connection.tenant.time_zone).local_date(int(timezone.now().timestamp() // 60))


class DateRangeMixin:
    """start/end company dates: start defaults to today, end to a week later; at most `max_days`."""

    max_days = MAX_SEARCH_DAYS

    def validate(self, attrs):
        attrs.setdefault("start", company_today())
        attrs.setdefault("end", attrs["start"] + timedelta(days=6))
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": _("The end is before the start.")})
        if (attrs["end"] - attrs["start"]).days >= self.max_days:
            raise serializers.ValidationError({"end": _("Ask for at most %(days)d days.") % {"days": self.max_days}})
        return attrs


def local_iso(moment) -> str:
    return LocalClock(connection.tenant.time_zone).local(int(moment.timestamp() // 60)).isoformat()
