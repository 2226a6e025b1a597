"""What the office's workforce pages read from a request: the company's today, the week asked for,
the workers to choose from. Shared by the workforce pages and the office's schedule pages."""
from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.utils import timezone
from django.utils.dateparse import parse_date

from shared_apps.core.dates import OUT_OF_RANGE, is_calendar_date

from .selectors import workers_for


def company_today(request) -> date:
    return timezone.now().astimezone(ZoneInfo(request.tenant.time_zone)).date()


def week_asked_for(request) -> date:
    """The Monday of the week asked for (?week=any date of it), else of this week."""
    try:
        day = parse_date(request.GET.get("week") or "") or company_today(request)
    except ValueError:
        day = company_today(request)
    if not is_calendar_date(day):
        messages.error(request, OUT_OF_RANGE)
        day = company_today(request)
    return day - timedelta(days=day.isoweekday() - 1)


def worker_choices(viewer) -> list[tuple[int, str]]:
    return [(m.pk, str(m)) for m in workers_for(viewer).filter(is_active=True)]
