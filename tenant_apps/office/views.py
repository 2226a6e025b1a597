"""The company back office: dashboard, brand settings and staff."""
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.accounts.login import LoginSurface
from shared_apps.core.errors import DomainError
from shared_apps.core.forms import show_domain_error
from tenant_apps.people.access import company_manager_required, office_refusal, office_staff_required
from tenant_apps.people.invitations import invite_to_staff, pending_invitations
from tenant_apps.people.models import StaffRole
from tenant_apps.people.selectors import get_staff_member_for, staff_for
from tenant_apps.people.services import change_staff_member
from tenants.services import update_branding

from .forms import BrandForm, StaffChangeForm, StaffInviteForm

OFFICE = LoginSurface(
    namespace="office", base_template="office/base.html", home="home", after_logout="login",
    default_method="password", refusal=office_refusal,
)


@office_staff_required
def home(request):
    members = list(staff_for(request.staff_member))
    active = [m for m in members if m.is_active]
    return render(request, "office/home.html", {
        "workers": sum(1 for m in active if m.role == StaffRole.WORKER),
        "office_staff": sum(1 for m in active if m.is_office_staff),
        "inactive": len(members) - len(active),
    })


@company_manager_required
def brand(request):
    company = request.tenant
    if request.method == "POST":
        form = BrandForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                update_branding(
                    actor=request.user, company=company, name=data["name"], primary_color=data["primary_color"],
                    accent_color=data["accent_color"], default_language=data["default_language"],
                    logo=data["logo"] or None,
                )
            except DomainError as error:
                show_domain_error(form, error)
            else:
                messages.success(request, _("Your brand is saved. Your site shows it now."))
                return redirect("office:brand")
    else:
        form = BrandForm(initial={
            "name": company.name, "primary_color": company.primary_color, "accent_color": company.accent_color,
            "default_language": company.default_language,
        })
    return render(request, "office/brand.html", {"form": form})


def _staff_page(request, invite_form: StaffInviteForm):
    return render(request, "office/staff.html", {
        "members": staff_for(request.staff_member),
        "invitations": pending_invitations() if request.staff_member.can_manage_company else [],
        "invite_form": invite_form,
        "roles": StaffRole.choices,
    })


@office_staff_required
def staff(request):
    return _staff_page(request, StaffInviteForm())


@require_POST
@company_manager_required
def staff_add(request):
    form = StaffInviteForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            invitation = invite_to_staff(actor=request.user, company=request.tenant, phone=data["phone"],
                                         role=data["role"])
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Invitation sent to %(phone)s. They join when they accept it.")
                             % {"phone": invitation.phone})
            return redirect("office:staff")
    return _staff_page(request, form)


@require_POST
@company_manager_required
def staff_change(request, member_id):
    member = get_staff_member_for(request.staff_member, member_id)
    form = StaffChangeForm(request.POST)
    error = None
    if not form.is_valid():
        error = _("Choose a role.")
    else:
        try:
            member = change_staff_member(actor=request.user, company=request.tenant, member=member,
                                         role=form.cleaned_data["role"] or None,
                                         is_active=form.cleaned_data["is_active"])
        except DomainError as exc:
            error = exc.message
    if request.htmx:
        return render(request, "office/_staff_row.html", {
            "m": member, "error": error, "roles": StaffRole.choices, "can_manage": True,
        })
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Saved."))
    return redirect("office:staff")
