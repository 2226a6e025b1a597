"""The office's workforce pages: workers and their profiles, each worker's week, time off and company
holidays. The pages that show bookings beside working time (a worker's schedule, the week roster)
are the office's (tenant_apps/office/schedules.py): they read scheduling, which builds on workforce.

Office staff read them all (dispatchers plan with them); the owner and admins change them."""
from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.core.errors import DomainError, NotFound
from shared_apps.core.forms import show_domain_error
from shared_apps.core.private_files import private_file_url
from shared_apps.credentials.selectors import shared_with_company
from shared_apps.credentials.services import open_shared_credential
from tenant_apps.catalog.locating import zone_choices
from tenant_apps.catalog.selectors import office_services
from tenant_apps.catalog.skills import skill_choices, skill_names
from tenant_apps.catalog.translations import pick
from tenant_apps.people.access import company_manager_required, office_staff_required

from . import services
from .forms import TimeOffForm, WeekForm, WorkerInviteForm, WorkerProfileForm
from .models import TimeOffKind, WorkerProfile
from .page_inputs import company_today, worker_choices
from .selectors import (
    get_time_off_for,
    get_worker_for,
    profile_of,
    shift_templates_of,
    time_off_between,
    workers_for,
)

TIME_OFF_DAYS_SHOWN = 180


def _service_choices(request) -> list[tuple[int, str]]:
    fallback = request.tenant.default_language
    return [(s.pk, pick(s.name, fallback=fallback)) for s in office_services()]


def _skill_choices(profile: WorkerProfile | None = None) -> list[tuple[str, str]]:
    return skill_choices(extra=profile.skills if profile is not None else ())


def _profile_initial(profile: WorkerProfile | None) -> dict:
    if profile is None:
        return {}
    return {"skills": list(profile.skills), "level": profile.level,
            "services": [s.pk for s in getattr(profile, "service_list", None) or profile.services.all()],
            "price_adjustment_percent": profile.price_adjustment_percent, "home_address": profile.home_address,
            "service_radius_km": profile.service_radius_km,
            "status": profile.status}


# ---- workers -------------------------------------------------------------------------------------

def _workers_page(request, invite_form: WorkerInviteForm):
    rows = [{"member": m, "profile": profile_of(m)} for m in workers_for(request.staff_member)]
    for row in rows:
        row["skills"] = skill_names(row["profile"].skills) if row["profile"] is not None else []
    return render(request, "office/workforce/workers.html", {"rows": rows, "invite_form": invite_form})


@office_staff_required
def workers(request):
    return _workers_page(request, WorkerInviteForm(service_choices=_service_choices(request),
                                                   skill_choices=_skill_choices()))


@require_POST
@company_manager_required
def worker_invite(request):
    form = WorkerInviteForm(request.POST, service_choices=_service_choices(request), skill_choices=_skill_choices())
    if form.is_valid():
        data = form.cleaned_data
        try:
            invitation = services.invite_worker_to_join(actor=request.user, company=request.tenant,
                                                        phone=data["phone"], profile=form.profile_values())
        except DomainError as error:
            show_domain_error(form, error, {"home": "home_address"})
        else:
            messages.success(request, _("Invitation sent to %(phone)s. They join when they accept it.")
                             % {"phone": invitation.phone})
            return redirect("office:workers")
    return _workers_page(request, form)


def _worker_page(request, member, *, profile_form=None, week_form=None, status=200):
    profile = profile_of(member)
    can_manage = request.staff_member.can_manage_company
    profile_form = profile_form or WorkerProfileForm(initial=_profile_initial(profile),
                                                     service_choices=_service_choices(request),
                                                     skill_choices=_skill_choices(profile), zone_choices=zone_choices())
    week_form = week_form or WeekForm(initial=WeekForm.initial_for(shift_templates_of(member.pk)))
    if not can_manage:
        for form in (profile_form, week_form):
            for field in form.fields.values():
                field.disabled = True
    return render(request, "office/workforce/worker.html", {
        "member": member, "profile": profile, "profile_form": profile_form, "week_form": week_form,
        "can_manage": can_manage, "credentials": shared_with_company(request.tenant.pk, [member.user_id]),
    }, status=status)


@require_POST
@office_staff_required
def worker_credential(request, worker_id, credential_id):
    """Open a credential the worker shared with this company: a POST, because the worker sees every
    look (the view is logged); the files open through links that expire."""
    member = get_worker_for(request.staff_member, worker_id)
    if not str(credential_id).isdigit() or not shared_with_company(request.tenant.pk, [member.user_id]).filter(
            pk=credential_id).exists():
        raise NotFound(_("credential"))
    credential = open_shared_credential(actor=request.user, company=request.tenant, credential_id=int(credential_id))
    return render(request, "office/workforce/credential.html", {
        "member": member, "c": credential, "files": [private_file_url(f.file.name) for f in credential.files.all()],
    })


@office_staff_required
def worker_detail(request, worker_id):
    return _worker_page(request, get_worker_for(request.staff_member, worker_id))


@require_POST
@company_manager_required
def worker_save(request, worker_id):
    member = get_worker_for(request.staff_member, worker_id)
    profile = profile_of(member)
    form = WorkerProfileForm(request.POST, service_choices=_service_choices(request),
                             skill_choices=_skill_choices(profile), zone_choices=zone_choices())
    if form.is_valid():
        # The address as saved (or none typed, with a point from the worker's phone): leave the home alone.
        unchanged = (form.cleaned_data["home_address"] or "") == (profile.home_address if profile else "")
        try:
            services.change_worker_profile(actor=request.user, member=member,
                                           changes=form.profile_values(address_unchanged=unchanged))
        except DomainError as error:
            show_domain_error(form, error, {"home": "home_address"})
        else:
            messages.success(request, _("The profile is saved."))
            return redirect("office:worker", member.pk)
    return _worker_page(request, member, profile_form=form, status=400)


@require_POST
@company_manager_required
def worker_week_save(request, worker_id):
    member = get_worker_for(request.staff_member, worker_id)
    form = WeekForm(request.POST)
    if form.is_valid():
        try:
            worker = profile_of(member) or services.ensure_worker_profile(actor=request.user, member=member)
            services.set_week_template(actor=request.user, worker=worker, shifts=form.shifts())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("The week is saved."))
            return redirect("office:worker", member.pk)
    return _worker_page(request, member, week_form=form, status=400)


# ---- time off and company holidays ---------------------------------------------------------------

def _time_off_page(request, form: TimeOffForm, status=200):
    today = company_today(request)
    rows = time_off_between(first_day=today, last_day=today + timedelta(days=TIME_OFF_DAYS_SHOWN)).select_related(
        "worker__staff_member__user")
    return render(request, "office/workforce/time_off.html", {
        "rows": rows, "form": form, "can_manage": request.staff_member.can_manage_company,
    }, status=status)


@office_staff_required
def time_off(request):
    return _time_off_page(request, TimeOffForm(worker_choices=worker_choices(request.staff_member)))


@require_POST
@company_manager_required
def time_off_add(request):
    form = TimeOffForm(request.POST, worker_choices=worker_choices(request.staff_member))
    if form.is_valid():
        data = form.cleaned_data
        try:
            worker = None
            if data["worker"] is not None:
                member = get_worker_for(request.staff_member, data["worker"])
                worker = profile_of(member) or services.ensure_worker_profile(actor=request.user, member=member)
            services.create_time_off(
                actor=request.user, worker=worker,
                kind=TimeOffKind.TIME_OFF if worker is not None else TimeOffKind.HOLIDAY,
                start_date=data["start_date"], end_date=data["end_date"], start_time=data["start_time"],
                end_time=data["end_time"], note=data["note"])
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("office:time-off")
    return _time_off_page(request, form, status=400)


@require_POST
@company_manager_required
def time_off_delete(request, time_off_id):
    row = get_time_off_for(request.staff_member, time_off_id)
    services.delete_time_off(actor=request.user, time_off=row)
    messages.success(request, _("Removed."))
    return redirect("office:time-off")
