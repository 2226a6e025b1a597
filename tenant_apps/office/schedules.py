"""Office pages that show workers' time beside their bookings: a worker's week schedule and the week
roster with its bulk edit. They are the office's, not workforce's, because they read scheduling,
which builds on workforce (the layers in .importlinter)."""
from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.core.errors import DomainError
from shared_apps.core.forms import show_domain_error
from tenant_apps.people.access import company_manager_required, office_staff_required
from tenant_apps.scheduling.selectors import assignments_between, worker_schedule
from tenant_apps.workforce import services
from tenant_apps.workforce.forms import RosterBulkForm
from tenant_apps.workforce.page_inputs import week_asked_for, worker_choices
from tenant_apps.workforce.selectors import get_worker_for, roster_week


@office_staff_required
def worker_schedule_page(request, worker_id):
    member = get_worker_for(request.staff_member, worker_id)
    week_start = week_asked_for(request)
    week_end = week_start + timedelta(days=6)
    zone = ZoneInfo(request.tenant.time_zone)
    schedule = worker_schedule(member.pk, first_day=week_start, last_day=week_end, now=timezone.now())
    days = []
    for offset in range(7):
        day = week_start + timedelta(days=offset)
        days.append({
            "day": day,
            "working": [(a.astimezone(zone), b.astimezone(zone)) for a, b in schedule.working
                        if a.astimezone(zone).date() == day],
            "assignments": [a for a in schedule.assignments if a.starts_at.astimezone(zone).date() == day],
        })
    with timezone.override(zone):
        return render(request, "office/workforce/schedule.html", {
            "member": member, "days": days, "week_start": week_start,
            "previous_week": week_start - timedelta(days=7), "next_week": week_start + timedelta(days=7),
        })


def _roster_page(request, week_start: date, form: RosterBulkForm, status=200):
    zone = ZoneInfo(request.tenant.time_zone)
    roster = roster_week(request.staff_member, week_start=week_start)
    week_end = week_start + timedelta(days=6)
    booked: dict[tuple[int, date], list] = {}
    for a in assignments_between(first_day=week_start, last_day=week_end, now=timezone.now(),
                                 worker_ids=tuple(r.member.pk for r in roster.rows)):
        booked.setdefault((a.worker_id, a.starts_at.astimezone(zone).date()), []).append(a)
    rows = [{"member": row.member, "days": [
        {"roster": d, "assignments": booked.get((row.member.pk, d.day), [])} for d in row.days]}
        for row in roster.rows]
    with timezone.override(zone):
        return render(request, "office/workforce/roster.html", {
            "rows": rows, "dates": [week_start + timedelta(days=i) for i in range(7)], "week_start": week_start,
            "previous_week": week_start - timedelta(days=7), "next_week": week_start + timedelta(days=7),
            "holidays": roster.holidays, "form": form, "can_manage": request.staff_member.can_manage_company,
        }, status=status)


@office_staff_required
def roster(request):
    week_start = week_asked_for(request)
    form = RosterBulkForm(initial={"day": week_start}, worker_choices=worker_choices(request.staff_member))
    return _roster_page(request, week_start, form)


@require_POST
@company_manager_required
def roster_set(request):
    form = RosterBulkForm(request.POST, worker_choices=worker_choices(request.staff_member))
    if form.is_valid():
        data = form.cleaned_data
        day = data["day"]
        week_start = day - timedelta(days=day.isoweekday() - 1)
        try:
            members = [get_worker_for(request.staff_member, pk) for pk in data["workers"]]
            shifts = form.shifts()
            changes = [services.RosterChange(worker=m, day=day, shifts=shifts) for m in members]
            services.set_roster(actor=request.user, week_start=week_start, changes=changes)
        except DomainError as error:
            show_domain_error(form, error, {"shifts": "start_time"})
        else:
            messages.success(request, _("The roster is saved."))
            return redirect(f"{reverse('office:roster')}?week={week_start.isoformat()}")
        return _roster_page(request, week_start, form, status=400)
    return _roster_page(request, week_asked_for(request), form, status=400)
