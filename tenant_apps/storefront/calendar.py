"""The storefront's calendar on a service page (htmx): a month of days with free times, one day's
start times, "earliest available", and holding a time for a signed-in customer.

The calendar reads the quote form's choices (variant, add-ons, amount, address), so it shows the
times for the job being quoted; choosing a time fills the quote's start. Customers never see which
workers are free, only when.
"""
from __future__ import annotations

import calendar as month_calendar
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shared_apps.accounts.access import anyone, signed_in
from shared_apps.core.api import parse_id
from shared_apps.core.errors import DomainError, NotFound
from tenant_apps.catalog.forms.quote import START_FORMAT, choices_for_variant
from tenant_apps.catalog.models import Service
from tenant_apps.catalog.quotes import make_quote
from tenant_apps.catalog.selectors import get_storefront_service
from tenant_apps.catalog.translations import pick as pick_text
from tenant_apps.orders.selectors import orders_by_hold
from tenant_apps.people.selectors import customer_of
from tenant_apps.people.services import ensure_customer
from tenant_apps.scheduling.errors import SchedulingError
from tenant_apps.scheduling.forms import MONTH_FORMAT, CalendarForm
from tenant_apps.scheduling.picker import fresh_days, month_weeks, slot_buttons
from tenant_apps.scheduling.selectors import OpenDays, current_holds, earliest_slot, open_days
from tenant_apps.scheduling.services.holds import release_hold
from tenant_apps.scheduling.services.placing import HoldRequest, SlotTaken, place_hold


def _form(data, service: Service, time_zone: str, *, start_required: bool = False) -> CalendarForm:
    variants = {v.pk: v for v in service.variants.all()}
    variant = variants.get(parse_id(data.get("variant"))) or next(iter(variants.values()))
    # Right after a variant change the page still carries the old variant's hours (the quote's
    # response replaces them): read the choices as the quote does, from the new variant's defaults.
    data, _changed = choices_for_variant(data, service=service, variant=variant)
    return CalendarForm(data, service=service, variant=variant, time_zone=time_zone, start_required=start_required)


def _messages(form: CalendarForm) -> list[str]:
    return [str(m) for messages in form.errors.values() for m in messages]





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
    chosen_day = chosen.astimezone(zone).date() if chosen else None
    # A start typed (or changed) since this calendar was drawn: show its day, not the one shown before.
    typed = chosen is not None and form.start_changed()
    if pick:
        month = pick.date().replace(day=1)
    elif typed:
        month = chosen_day.replace(day=1)
    else:
        month = form.shown_month(chosen_day or today)
    last = month.replace(day=month_calendar.monthrange(month.year, month.month)[1])
    found = open_days(job, first_day=month, last_day=last, now=now)
    day = pick.date() if pick else (chosen_day if typed else data.get("day"))
    if day is None and chosen is not None:
        day = chosen.astimezone(zone).date()
    if day is not None and not month <= day <= last:
        day = None
    buttons = slot_buttons(found.slots_of(day), zone, chosen) if day else []
    previous = (month - timedelta(days=1)).replace(day=1)
    following = last + timedelta(days=1)
    selected = next((b for b in buttons if b.selected), None)
    return {
        "unavailable": _why_not(chosen, zone, found) if chosen and not selected and day == chosen_day else "",
        "shown_start": form.data.get("start", ""),
        "month": month, "weeks": month_weeks(month, found, day), "day": day, "slots": buttons,
        "previous_month": previous.strftime(MONTH_FORMAT) if (month - timedelta(days=1)) >= found.first_bookable
        else "",
        "next_month": following.strftime(MONTH_FORMAT) if following <= found.last_bookable else "",
        "chosen": selected,
        "pick": pick.strftime(START_FORMAT) if pick else "",
        "no_earliest": bool(data.get("earliest")) and pick is None,
        "duration": found.terms.job.duration_minutes,
    }


def _why_not(chosen: datetime, zone: ZoneInfo, found: OpenDays) -> str:
    """Why the chosen start is not offered (it was typed, or the times changed since it was picked)."""
    local = chosen.astimezone(zone)
    when = formats.date_format(local, "DATETIME_FORMAT")
    if local.date() < found.first_bookable or chosen <= timezone.now():
        return _("%(when)s has passed or is too soon to book. Choose one of the free times.") % {"when": when}
    if local.date() > found.last_bookable:
        return _("%(when)s is beyond how far ahead we take bookings. Choose one of the free times.") % {
            "when": when}
    return _("Nobody is free to start at %(when)s for this job. Choose one of the free times.") % {"when": when}


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
        context["current_holds"] = held_times(request, service_id=service.pk, form=form if form.is_valid() else None)
        return render(request, "storefront/calendar/_calendar.html", context)


def held_times(request, *, service_id: int | None = None, form: CalendarForm | None = None) -> list[dict]:
    """The signed-in customer's running holds (of one service, or all), each with where to book it
    and whether an order already waits for its payment."""
    customer = customer_of(request.user)
    if customer is None:
        return []
    holds = current_holds(customer, now=timezone.now(), service_id=service_id)
    if not holds:
        return []
    # A booked hold runs on until its order is paid: show the order instead of a release button.

    orders = orders_by_hold(customer, [h.hold_id for h in holds])
    names = {s.pk: pick_text(s.name) for s in Service.objects.filter(pk__in={h.service_id for h in holds})}
    return [{"hold": h, "service_name": names.get(h.service_id, ""), "order": orders.get(h.hold_id),
             "book_url": _book_held_url(form, h, customer) if form is not None and h.hold_id not in orders else ""}
            for h in holds]


def _book_held_url(form: CalendarForm, hold, customer) -> str:
    """Booking an existing hold with the page's current choices at the held start (the booking page
    says so if those choices no longer fit the held time)."""
    try:
        request = replace(form.quote_request(customer_id=customer.pk), start=hold.start)
        signed = make_quote(request=request)
    except DomainError:
        return ""
    return reverse("storefront:book") + "?" + urlencode({"hold": str(hold.hold_id), "quote": signed.token})


@signed_in("storefront:login")
@require_POST
def hold_release(request, hold_id):
    """The customer lets a held time go (from the service page or their account)."""
    customer = customer_of(request.user)
    if customer is None:
        raise NotFound("hold")
    release_hold(actor=request.user, customer=customer, hold_id=hold_id)
    messages.success(request, _("The held time is released."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("storefront:account") + "#holds"
    return redirect(back)


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
                context["fresh_days"] = fresh_days(taken.days, zone)
            except DomainError as error:
                context["errors"] = [str(m) for messages in error.fields.values() for m in messages] or [error.message]
                if error.code == SchedulingError.TOO_MANY_HOLDS:
                    context["holds_url"] = reverse("storefront:account") + "#holds"
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

