"""The order pages: the customer's (storefront), the worker app's tasks and the office's board.
Each view parses, fetches through a selector, calls one service and renders; a service's refusal
(an illegal move is 409) becomes a message on the page, never a 500."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from shared_apps.core.company import company_time_zone
from shared_apps.core.errors import DomainError
from tenant_apps.scheduling.picker import slot_picker

from ..assignments import job_request_of
from ..forms import SlotPickerQuery
from ..machine import label_of
from ..models import Order, RescheduleRequest, RescheduleStatus
from ..visibility import visible_events


def render_in_zone(request: HttpRequest, template: str, context: dict, *, time_zone: str,
                   status: int = 200) -> HttpResponse:
    """Render with times shown in the company's time zone (stored in UTC)."""
    with timezone.override(ZoneInfo(time_zone)):
        return render(request, template, context, status=status)


def timeline_of(order: Order, audience: str) -> list[dict]:
    """The order's events as `audience`'s page shows them, oldest first (events are prefetched by the
    selectors); what they may not read is left out (visibility.EVENT_VISIBILITY)."""
    return [{"event": v.event, "label": label_of(v.event.action), "reason": v.reason, "shows_actor": v.shows_actor}
            for v in visible_events(order.events.all(), audience)]


def pending_request_of(order: Order) -> RescheduleRequest | None:
    """The order's open request to move it, if any (the selectors prefetch the requests)."""
    return next((r for r in order.reschedule_requests.all() if r.status == RescheduleStatus.PENDING), None)


def refuse(request: HttpRequest, error: DomainError) -> None:
    """A service said no: missing stays a 404 page; anything else is a message on the next page."""
    if error.status == 404:
        raise error
    messages.error(request, error.message)


def first_name(display_name: str) -> str:
    return (display_name or "").split(" ")[0]


def reschedule_picker(request: HttpRequest, order: Order, form=None) -> dict:
    """The booking calendar's free times for moving `order` (the month and day from the query, or the
    day of the time just posted, or the order's own day)."""
    time_zone = company_time_zone()
    query = SlotPickerQuery(request.GET)
    shown = query.cleaned_data if query.is_valid() else {}
    chosen = form.cleaned_data.get("start") if form is not None and hasattr(form, "cleaned_data") else None
    day = shown.get("day")
    if day is None and chosen is not None:
        day = chosen.astimezone(ZoneInfo(time_zone)).date()
    if day is None and not shown.get("month"):
        day = order.starts_at.astimezone(ZoneInfo(time_zone)).date()
    return slot_picker(job_request_of(order), month=shown.get("month") or day, day=day, chosen=chosen,
                       time_zone=time_zone)
