"""The dispatch board's "Optimise tomorrow": the plan of a day shown before anything changes (who
takes which job, travel compared with now, each worker's hours, what could not be placed and why),
and Apply, which applies all of it or nothing (docs/decisions.md, "Optimise a day")."""
from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.core.company import company_time_zone
from shared_apps.core.errors import DomainError
from tenant_apps.people.access import dispatcher_required

from ..forms import ApplyDayPlanForm, OptimiseDayForm
from ..optimise import optimise_day
from ..services import optimise as optimise_service
from . import render_in_zone


def tomorrow():
    return timezone.now().astimezone(ZoneInfo(company_time_zone())).date() + timedelta(days=1)


@require_POST
@dispatcher_required
def optimise_page(request):
    """POST, though it writes nothing: planning takes seconds of solver time, not a link to follow."""
    form = OptimiseDayForm(request.POST)
    data = form.cleaned_data if form.is_valid() else {}
    day = tomorrow() if data.get("preset") == "tomorrow" or not data.get("day") else data["day"]
    day_plan = optimise_day(day=day, move_assigned=bool(data.get("move_assigned")), now=timezone.now())
    names = day_plan.names
    moves = [{"move": m, "order": day_plan.orders[m.order_id], "from_name": names.get(m.from_worker, ""),
              "to_name": names.get(m.to_worker, "")} for m in day_plan.moves]
    unplaced = [{"left": u, "order": day_plan.orders[u.order_id]} for u in day_plan.unplaced]
    workers = [{"name": names.get(pk, ""), "hours": f"{minutes // 60}:{minutes % 60:02d}"}
               for pk, minutes in day_plan.worker_minutes.items() if minutes]
    return render_in_zone(request, "office/dispatch/optimise.html", {
        "plan": day_plan, "moves": moves, "unplaced": unplaced, "workers": workers,
        "saving": day_plan.travel_now - day_plan.total_travel, "apply_form": ApplyDayPlanForm(
            initial={"plan": day_plan.payload()}),
    }, time_zone=company_time_zone())


@require_POST
@dispatcher_required
def apply_page(request):
    form = ApplyDayPlanForm(request.POST)
    plan = form.cleaned_data["plan"] if form.is_valid() and isinstance(form.cleaned_data["plan"], dict) else {}
    day = str(plan.get("day", ""))
    board = reverse("office:dispatch") + (f"?day={day}" if day else "")
    try:
        orders = optimise_service.apply_plan(actor=request.user, moves=list(plan.get("moves") or []), day=day)
    except DomainError as error:
        if error.status == 404:
            raise
        message = error.message
        if error.fields:
            message = "; ".join(str(m) for ms in error.fields.values() for m in ms) or message
        messages.error(request, message)
        return redirect(board)
    messages.success(request, _("The plan is applied: %(n)s jobs have a new worker.") % {"n": len(orders)})
    return redirect(board)
