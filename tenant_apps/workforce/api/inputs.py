"""What the workforce API's endpoints share: wall-clock times, date-range queries, the company clock,
the worker named in a request."""
from __future__ import annotations

from datetime import date, timedelta

from django.db import connection
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from shared_apps.core.fields import calendar_date, id_field
from shared_apps.core.hours import LocalClock

from .. import services
from ..models import WorkerProfile
from ..selectors import get_worker_for

MAX_RANGE_DAYS = 92


def hhmm(**kwargs) -> serializers.TimeField:
    return serializers.TimeField(format="%H:%M", input_formats=["%H:%M", "%H:%M:%S"], **kwargs)


def clock_text(value) -> str | None:
    """A wall-clock time as the API writes it: "09:00"."""
    return None if value is None else value.strftime("%H:%M")


class DateRangeQuery(serializers.Serializer):
    worker = id_field(required=False)
    start = calendar_date(required=False, help_text="First date (default: today).")
    end = calendar_date(required=False, help_text="Last date (default: 4 weeks on).")

    def validate(self, attrs):
        today = LocalClock(connection.tenant.time_zone).local_date(int(now_minute()))
        attrs.setdefault("start", today)
        attrs.setdefault("end", attrs["start"] + timedelta(days=27))
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": _("The end is before the start.")})
        if (attrs["end"] - attrs["start"]).days >= MAX_RANGE_DAYS:
            raise serializers.ValidationError({"end": _("Ask for at most %(days)d days.") % {"days": MAX_RANGE_DAYS}})
        return attrs


def now_minute() -> int:
    from django.utils import timezone

    return int(timezone.now().timestamp() // 60)


RANGE_PARAMETERS = [
    OpenApiParameter("worker", int, required=False, description="Only this worker."),
    OpenApiParameter("start", date, required=False, description="First date (default: today)."),
    OpenApiParameter("end", date, required=False, description="Last date (default: 4 weeks on)."),
]


def worker_profile_for(request, worker_id) -> WorkerProfile:
    member = get_worker_for(request.staff_member, worker_id)
    return services.ensure_worker_profile(actor=request.user, member=member)


def company_clock() -> LocalClock:
    return LocalClock(connection.tenant.time_zone)
