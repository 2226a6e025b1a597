"""The office's dispatch board: workers as rows, the day's (or week's) hours as columns, the orders
waiting for a worker beside them, and a map. Dropping a job on a worker (or choosing the job, then the
worker: on a phone, or with the keyboard) posts to `board_assign`, which calls the dispatch service;
its refusal comes back as the message the board shows. The board polls its own fragment every few
seconds and gets 204 (nothing to swap) while nothing changed."""
from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from shared_apps.core.company import company_time_zone
from shared_apps.core.errors import DomainError
from tenant_apps.catalog.selectors import office_zones
from tenant_apps.catalog.translations import pick
from tenant_apps.people.access import dispatcher_required

from ..board import BoardFilters, board_skills, board_version, dispatch_board
from ..errors import OrderError
from ..forms import BoardAssignInput, DispatchBoardQuery
from ..selectors import get_order_for_office
from ..services import dispatch
from . import render_in_zone


def today_in_company():
    return timezone.now().astimezone(ZoneInfo(company_time_zone())).date()


def _query(request):
    zones = {z.pk: z for z in office_zones()}
    form = DispatchBoardQuery(request.GET, skills=board_skills(),
                              zones=[(pk, pick(z.name)) for pk, z in zones.items()])
    data = form.cleaned_data if form.is_valid() else {}
    today = timezone.now().astimezone(ZoneInfo(company_time_zone())).date()
    day = data.get("day") or today
    week = data.get("view") == "week"
    if week:
        day = day - timedelta(days=day.isoweekday() - 1)
    filters = BoardFilters(skill=data.get("skill") or "", zone=zones.get(data.get("zone")),
                           status=data.get("status") or "")
    return form, day, week, filters, data.get("version") or ""


def _context(request, form, day, week, filters) -> dict:
    board = dispatch_board(first_day=day, days=7 if week else 1, filters=filters)
    step = timedelta(days=7 if week else 1)
    params = request.GET.copy()
    params.pop("version", None)

    def moved(to):
        q = params.copy()
        q["day"] = to.isoformat()
        return q.urlencode()

    return {"board": board, "form": form, "week": week, "day": day,
            "previous_query": moved(day - step), "next_query": moved(day + step),
            "query": params.urlencode(), "optimise_day": max(day, today_in_company() + timedelta(days=1)),
            "version": board_version(first_day=board.days[0], last_day=board.days[-1])}


@require_GET
@dispatcher_required
def board_page(request):
    form, day, week, filters, _version = _query(request)
    return render_in_zone(request, "office/dispatch/board.html", _context(request, form, day, week, filters),
                          time_zone=company_time_zone())


@require_GET
@dispatcher_required
def board_fragment(request):
    """The board alone, for the poll: 204 while nothing on it changed since `version`."""
    form, day, week, filters, version = _query(request)
    days = 7 if week else 1
    if version and version == board_version(first_day=day, last_day=day + timedelta(days=days - 1)):
        return HttpResponse(status=204)
    return render_in_zone(request, "office/dispatch/_board.html", _context(request, form, day, week, filters),
                          time_zone=company_time_zone())


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@require_POST
@dispatcher_required
def board_assign(request):
    """Give the order to the worker (assign, or reassign when it has one): the dispatch service judges.
    JSON for the board's script ({ok, message}); a redirect with the message for a plain form."""
    form = BoardAssignInput(request.POST)
    if not form.is_valid():
        message = _("Choose a job and a worker.")
        return _answer(request, ok=False, message=message, status=400, fields=form.errors.get_json_data())
    order = get_order_for_office(form.cleaned_data["order"])  # another company's order: 404
    try:
        dispatch.assign_worker(actor=request.user, order=order, worker_id=form.cleaned_data["worker"],
                               reason=_("Dispatch board"))
    except DomainError as error:
        if error.status == 404:
            raise
        message = error.message
        if error.fields:
            message = "; ".join(str(m) for ms in error.fields.values() for m in ms) or message
        status = 200 if error.code == OrderError.NOTHING_CHANGED else error.status
        return _answer(request, ok=False, message=message, status=status, code=error.code)
    order.refresh_from_db(fields=["worker"])
    return _answer(request, ok=True, status=200, message=_("Order #%(order)s is offered to %(worker)s.") % {
        "order": order.pk, "worker": order.worker.staff_member.display_name})


def _answer(request, *, ok: bool, message: str, status: int, **extra):
    if _wants_json(request):
        return JsonResponse({"ok": ok, "message": message, **extra}, status=status)
    (messages.success if ok else messages.error)(request, message)
    back = request.POST.get("next") or ""
    return redirect(back if back.startswith("/office/") else reverse("office:dispatch"))
