"""The worker app's day (platform host, phone size): the day's jobs in every company they work for,
in order, with the travel before each, when to leave and when they would arrive, the route, and
links that hand the way to a map app; and their home base in each company, which they set here."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django_tenants.utils import tenant_context

from shared_apps.accounts.access import signed_in
from shared_apps.core.api import parse_id
from shared_apps.core.errors import DomainError, NotFound
from tenant_apps.workforce.services import update_worker_profile
from tenants.selectors import companies_of_worker

from ..forms import HomeBaseForm, WorkerDayQuery
from ..selectors import worker_profile_of_user
from ..worker_day import home_of, plan_day, route_drawing, stops_in_company
from . import render_in_zone

LOGIN = "worker:login"
DEFAULT_ZONE = "Asia/Shanghai"


@require_GET
@signed_in(LOGIN)
def worker_day(request):
    companies = list(companies_of_worker(request.user).order_by("pk"))
    zone = companies[0].time_zone if companies else DEFAULT_ZONE
    query = WorkerDayQuery(request.GET)
    day = (query.cleaned_data.get("day") if query.is_valid() else None) or datetime.now(ZoneInfo(zone)).date()
    stops, homes = [], []
    for company in companies:
        with tenant_context(company):
            worker = worker_profile_of_user(request.user)
            if worker is None:
                continue
            stops.extend(stops_in_company(worker, company=company, day=day))
            home = home_of(worker)
            homes.append({"company": company, "home": home, "form": HomeBaseForm(
                prefix=f"c{company.pk}", initial={"latitude": worker.home_latitude,
                                                  "longitude": worker.home_longitude})})
    # They set off from their home base in the company of the day's first job (or any they gave).
    first_company = min(stops, key=lambda s: s.order.starts_at).company if stops else None
    home = next((h["home"] for h in homes if h["company"] == first_company and h["home"]), None) or next(
        (h["home"] for h in homes if h["home"]), None)
    plan = plan_day(stops, home=home)
    return render_in_zone(request, "worker/day.html", {
        "day": day, "stops": plan, "homes": homes, "route": route_drawing(plan, home), "home": home,
        "previous_day": day.fromordinal(day.toordinal() - 1), "next_day": day.fromordinal(day.toordinal() + 1),
    }, time_zone=zone)


@require_POST
@signed_in(LOGIN)
def worker_home_save(request, company_id):
    """The worker sets (or clears) their own home base in one company."""
    pk = parse_id(company_id)
    company = companies_of_worker(request.user).filter(pk=pk).first() if pk is not None else None
    if company is None:
        raise NotFound("company")
    form = HomeBaseForm(request.POST, prefix=f"c{company.pk}")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(reverse("worker:day"))
    with tenant_context(company):
        worker = worker_profile_of_user(request.user)
        if worker is None:
            raise NotFound("company")
        try:
            update_worker_profile(actor=request.user, worker=worker, changes={"home": form.home()})
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(reverse("worker:day"))
    messages.success(request, _("Your home base is saved."))
    return redirect(reverse("worker:day"))
