"""A month of free days and one day's free start times, as the pages that pick a time show them
(the storefront calendar, moving a visit). Only times the availability engine offers are shown."""
from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from tenant_apps.catalog.forms.quote import START_FORMAT

from .engine import DaySlots
from .forms import MONTH_FORMAT
from .selectors import JobRequest, OpenDays, open_days


@dataclass(frozen=True)
class SlotButton:
    label: str  # "09:30"
    value: str  # the quote form's start: "2026-05-12T09:30"
    day: date
    selected: bool


def slot_buttons(slots, zone: ZoneInfo, chosen: datetime | None) -> list[SlotButton]:
    out = []
    for slot in slots:
        local = slot.start.astimezone(zone)
        out.append(SlotButton(label=local.strftime("%H:%M"), value=local.strftime(START_FORMAT), day=local.date(),
                              selected=chosen is not None and slot.start == chosen))
    return out


def fresh_days(days: list[DaySlots], zone: ZoneInfo) -> list[dict]:
    return [{"day": d.day, "slots": slot_buttons(d.slots, zone, None)} for d in days if d.slots]


def month_weeks(month: date, found: OpenDays, selected: date | None) -> list[list[dict]]:
    """The month as weeks from Monday, each day marked: outside the month, bookable, with free times."""
    with_slots = {d.day: len(d.slots) for d in found.days if d.slots}
    weeks = []
    for week in month_calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month):
        weeks.append([{
            "day": day, "in_month": day.month == month.month, "count": with_slots.get(day, 0),
            "bookable": found.first_bookable <= day <= found.last_bookable, "selected": day == selected,
        } for day in week])
    return weeks


def slot_picker(job: JobRequest, *, month: date | None, day: date | None, chosen: datetime | None,
                time_zone: str, now: datetime | None = None) -> dict:
    """The booking calendar's month of free days and one day's free start times, for a page that
    picks a time with a plain form (moving a visit): `storefront/calendar/_slot_picker.html`.
    Only times the availability engine offers are shown, so a time nobody can take is never offered."""
    now = now or timezone.now()
    zone = ZoneInfo(time_zone)
    today = now.astimezone(zone).date()
    month = (month or day or (chosen.astimezone(zone).date() if chosen else today)).replace(day=1)
    last = month.replace(day=month_calendar.monthrange(month.year, month.month)[1])
    found = open_days(job, first_day=month, last_day=last, now=now)
    if day is not None and not month <= day <= last:
        day = None
    buttons = slot_buttons(found.slots_of(day), zone, chosen) if day else []
    previous = (month - timedelta(days=1)).replace(day=1)
    following = last + timedelta(days=1)
    return {
        "month": month, "weeks": month_weeks(month, found, day), "day": day, "slots": buttons,
        "previous_month": previous.strftime(MONTH_FORMAT) if (month - timedelta(days=1)) >= found.first_bookable
        else "",
        "next_month": following.strftime(MONTH_FORMAT) if following <= found.last_bookable else "",
        "time_zone": time_zone,
    }
