"""The operator console: companies (suspend, reactivate) and users (warn, restrict, ban, restore)."""
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.accounts.login import LoginSurface
from shared_apps.accounts.services import set_user_status
from shared_apps.core.errors import DomainError
from tenants.services import set_company_status

from .access import operator_refusal, operator_required
from .forms import CompanyStatusForm, UserSearchForm, UserStatusForm
from .selectors import (
    claims_across_companies,
    companies_for_console,
    escalated_cases,
    get_company_for_console,
    get_user_for_console,
    sanctions_across_companies,
    users_matching,
    with_status_changes,
)

CONSOLE = LoginSurface(
    namespace="console", base_template="console/base.html", home="home", after_logout="login",
    default_method="password", refusal=operator_refusal,
)
COMPANY_LIMIT = 200


@operator_required
def home(request):
    rows = with_status_changes(list(companies_for_console()[:COMPANY_LIMIT]))
    return render(request, "console/companies.html", {"companies": rows})


@operator_required
def escalations(request):
    """Escalated after-sales cases of every company, breached clocks first (read from the public
    list the companies write when they escalate: no company schema is entered)."""
    show_all = request.GET.get("show") == "all"
    rows = list(escalated_cases(open_only=not show_all)[:COMPANY_LIMIT])
    return render(request, "console/escalations.html", {"rows": rows, "show_all": show_all})


@operator_required
def quality(request):
    """Sanctions and insurance claims across companies (the public lists the companies write)."""
    return render(request, "console/quality.html", {"sanctions": list(sanctions_across_companies()),
                                                    "claims": list(claims_across_companies())})


@require_POST
@operator_required
def company_status(request, company_id):
    """Suspend (with a reason, after a confirmation step on the page) or reactivate a company."""
    company = get_company_for_console(company_id)
    form = CompanyStatusForm(request.POST)
    error = None
    if not form.is_valid():
        error = _first_form_message(form)
    else:
        try:
            company = set_company_status(actor=request.user, company=company, status=form.cleaned_data["status"],
                                         reason=form.cleaned_data["reason"])
        except DomainError as exc:
            error = _first_message(exc)
    if request.htmx:
        with_status_changes([company])
        return render(request, "console/_company_row.html", {
            "c": company, "error": error, "reason": form.data.get("reason", "") if error else ""})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("%(company)s is now %(status)s.")
                         % {"company": company.name, "status": company.get_status_display().lower()})
    return redirect("console:home")


@operator_required
def users(request):
    form = UserSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    return render(request, "console/users.html", {
        "form": form, "query": query, "users": users_matching(query),
    })


@require_POST
@operator_required
def user_status(request, user_id):
    user = get_user_for_console(user_id)
    form = UserStatusForm(request.POST)
    error = None
    if not form.is_valid():
        error = _("Unknown status.")
    else:
        try:
            user = set_user_status(actor=request.user, user=user, status=form.cleaned_data["status"],
                                   reason=form.cleaned_data["reason"])
        except DomainError as exc:
            error = _first_message(exc)
    if request.htmx:
        return render(request, "console/_user_row.html",
                      {"u": user, "error": error, "query": request.POST.get("q", "")})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("%(user)s is now %(status)s.")
                         % {"user": user, "status": user.get_status_display().lower()})
    return redirect(reverse("console:users") + "?" + urlencode({"q": request.POST.get("q", "")}))


def _first_form_message(form) -> str:
    if "status" in form.errors:
        return _("Unknown status.")
    for messages_ in form.errors.values():
        return str(messages_[0])
    return _("Unknown status.")


def _first_message(error: DomainError) -> str:
    for messages_ in error.fields.values():
        if messages_:
            return str(messages_[0])
    return error.message
