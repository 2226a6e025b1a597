"""The storefront's calendar on a service page (htmx): a month of days with free times, one day's
start times, "earliest available", and holding a time for a signed-in customer.

The calendar reads the quote form's choices (variant, add-ons, amount, address), so it shows the
times for the job being quoted; choosing a time fills the quote's start. Customers never see which
workers are free, only when.
"""
from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from shared_apps.accounts.access import anyone, signed_in
from shared_apps.core.api import parse_id
from shared_apps.core.errors import DomainError
from tenant_apps.catalog.forms.quote import START_FORMAT
from tenant_apps.catalog.models import Service
from tenant_apps.catalog.quotes import make_quote
from tenant_apps.catalog.selectors import get_storefront_service
from tenant_apps.people.services import ensure_customer

from .engine import DaySlots
from .forms import MONTH_FORMAT, CalendarForm
from .selectors import OpenDays, earliest_slot, open_days
from .services import HoldRequest, SlotTaken, place_hold


@dataclass(frozen=True)
class SlotButton:
    label: str  # "09:30"
    value: str  # the quote form's start: "2026-05-12T09:30"
    day: date
    selected: bool


def _form(data, service: Service, time_zone: str, *, start_required: bool = False) -> CalendarForm:
    variants = {v.pk: v for v in service.variants.all()}
    variant = variants.get(parse_id(data.get("variant"))) or next(iter(variants.values()))
    return CalendarForm(data, service=service, variant=variant, time_zone=time_zone, start_required=start_required)


def _messages(form: CalendarForm) -> list[str]:
    return [str(m) for messages in form.errors.values() for m in messages]


def _buttons(slots, zone: ZoneInfo, chosen: datetime | None) -> list[SlotButton]:
    out = []
    for slot in slots:
        local = slot.start.astimezone(zone)
        out.append(SlotButton(label=local.strftime("%H:%M"), value=local.strftime(START_FORMAT), day=local.date(),
                              selected=chosen is not None and slot.start == chosen))
    return out


def _fresh_days(days: list[DaySlots], zone: ZoneInfo) -> list[dict]:
    return [{"day": d.day, "slots": _buttons(d.slots, zone, None)} for d in days if d.slots]


def _weeks(month: date, found: OpenDays, selected: date | None) -> list[list[dict]]:
    """The month as weeks from Monday, each day marked: outside the month, bookable, with free times."""
    with_slots = {d.day: len(d.slots) for d in found.days if d.slots}
    weeks = []
    for week in month_calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month):
        weeks.append([{
            "day": day, "in_month": day.month == month.month, "count": with_slots.get(day, 0),
            "bookable": found.first_bookable <= day <= found.last_bookable, "selected": day == selected,
        } for day in week])
    return weeks


def _month_context(request, service: Service, form: CalendarForm) -> dict:
    """Parse, search (one month, or the earliest time first), and lay the month out."""
    now = timezone.now()
    zone = ZoneInfo(request.tenant.time_zone)
    data = form.cleaned_data
    job = form.job_request()
    chosen = data.get("start")
    pick = None
    if data.get("earliest"):
        first = earliest_slot(job, now=now)
        if first is not None:
            pick = first.start.astimezone(zone)
            chosen = first.start
    today = now.astimezone(zone).date()
    month = pick.date().replace(day=1) if pick else form.shown_month(chosen.astimezone(zone).date() if chosen
                                                                     else today)
    last = month.replace(day=month_calendar.monthrange(month.year, month.month)[1])
    found = open_days(job, first_day=month, last_day=last, now=now)
    day = pick.date() if pick else data.get("day")
    if day is None and chosen is not None:
        day = chosen.astimezone(zone).date()
    if day is not None and not month <= day <= last:
        day = None
    buttons = _buttons(found.slots_of(day), zone, chosen) if day else []
    previous = (month - timedelta(days=1)).replace(day=1)
    following = last + timedelta(days=1)
    return {
        "month": month, "weeks": _weeks(month, found, day), "day": day, "slots": buttons,
        "previous_month": previous.strftime(MONTH_FORMAT) if (month - timedelta(days=1)) >= found.first_bookable
        else "",
        "next_month": following.strftime(MONTH_FORMAT) if following <= found.last_bookable else "",
        "chosen": next((b for b in buttons if b.selected), None),
        "pick": pick.strftime(START_FORMAT) if pick else "",
        "no_earliest": bool(data.get("earliest")) and pick is None,
        "duration": found.terms.job.duration_minutes,
    }


CHOICE_FIELDS = frozenset({"variant", "shown_variant", "quantity", "duration_minutes", "start", "address_line", "zone",
                           "latitude", "longitude"})


def _choices_url(service: Service, data) -> str:
    """The service page with the visitor's choices in its query (variant, hours, add-ons, amounts,
    address, chosen time): where signing in comes back to, with nothing lost."""
    page = reverse("storefront:service", args=[service.pk])
    choices = [(key, value[:300]) for key, value in data.items()
               if (key in CHOICE_FIELDS or key.startswith("addon_")) and value and len(key) <= 40]
    if not any(key == "variant" for key, _value in choices):
        return page
    return f"{page}?{urlencode(choices)}"


def _login_url(service: Service, data) -> str:
    return f"{reverse('storefront:login')}?{urlencode({'next': _choices_url(service, data)})}"


def _common(request, service: Service) -> dict:
    return {
        "service": service,
        "calendar_url": reverse("storefront:service-calendar", args=[service.pk]),
        "hold_url": reverse("storefront:service-hold", args=[service.pk]),
        "login_url": _login_url(service, request.GET),
        "time_zone": request.tenant.time_zone,
    }


@anyone
@require_GET
def service_calendar(request, service_id):
    """The htmx partial: the month (and the chosen day's times) for the quote form's choices."""
    service = get_storefront_service(service_id)
    context = _common(request, service)
    with timezone.override(ZoneInfo(request.tenant.time_zone)):
        form = _form(request.GET, service, request.tenant.time_zone)
        if not form.is_valid():
            context["errors"] = _messages(form)
        else:
            try:
                context.update(_month_context(request, service, form))
                if context.get("pick"):  # "earliest available" chose the time: signing in keeps that one
                    context["login_url"] = _login_url(service, {**request.GET.dict(), "start": context["pick"]})
            except DomainError as error:
                context["errors"] = [str(m) for messages in error.fields.values() for m in messages] or [error.message]
        return render(request, "storefront/calendar/_calendar.html", context)


@signed_in("storefront:login")
@require_POST
def service_hold(request, service_id):
    """Hold the chosen time for the signed-in customer while they book; when somebody was faster,
    say so and offer the times as they are now."""
    service = get_storefront_service(service_id)
    zone = ZoneInfo(request.tenant.time_zone)
    context = _common(request, service)
    with timezone.override(zone):
        form = _form(request.POST, service, request.tenant.time_zone, start_required=True)
        if not form.is_valid():
            context["errors"] = _messages(form)
        else:
            try:
                customer = ensure_customer(company=request.tenant, user=request.user)
                hold = place_hold(actor=request.user, customer=customer,
                                  request=HoldRequest(job=form.job_request(), start=form.cleaned_data["start"]))
            except SlotTaken as taken:
                context["taken"] = taken.message
                context["fresh_days"] = _fresh_days(taken.days, zone)
            except DomainError as error:
                context["errors"] = [str(m) for messages in error.fields.values() for m in messages] or [error.message]
            else:
                context["hold"] = hold
                context["book_url"] = _booking_url(form, hold, customer)
        return render(request, "storefront/calendar/_hold.html", context)


def _booking_url(form, hold, customer) -> str:
    """Where the customer books the held time: the booking page with the hold and a quote signed for
    exactly this time and these options (the price they will pay)."""
    signed = make_quote(request=form.quote_request(customer_id=customer.pk))
    query = {"hold": str(hold.hold_id), "quote": signed.token}
    data = form.cleaned_data
    if data.get("address_line"):
        query["address_line"] = data["address_line"]  # the address typed on the service page carries over
    if data.get("zone") is not None:
        query["zone"] = data["zone"]
    return reverse("storefront:book") + "?" + urlencode(query)

