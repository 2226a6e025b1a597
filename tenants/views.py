"""The platform's landing page: what Doorstep is, and a company's self-serve sign-up (P1)."""
from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import get_language

from shared_apps.accounts.access import anyone
from shared_apps.accounts.models import User
from shared_apps.accounts.services import sign_in_ticket_for
from shared_apps.core.errors import DomainError
from shared_apps.core.forms import show_domain_error
from shared_apps.core.requests import client_info

from .forms import CompanySignUpForm
from .selectors import companies
from .services import OwnerInput, check_slug, sign_up_company

SIGNED_UP_KEY = "signed_up_company_id"
SIGNED_UP_OWNER_KEY = "signed_up_owner_id"


@anyone
def landing(request):
    if request.method == "POST":
        form = CompanySignUpForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = sign_up_company(
                    name=data["name"], slug=data["slug"], vertical=data["vertical"], language=data["language"],
                    owner=OwnerInput(phone=data["phone"] or None, email=data["email"] or None,
                                     password=data["password"], name=data["owner_name"]),
                    client=client_info(request),
                )
            except DomainError as error:
                show_domain_error(form, error, CompanySignUpForm.SERVICE_FIELDS)
            else:
                request.session[SIGNED_UP_KEY] = result.company.pk
                request.session[SIGNED_UP_OWNER_KEY] = result.owner.pk
                return redirect("platform:welcome")
    else:
        language = get_language()
        form = CompanySignUpForm(initial={"language": language if language in dict(settings.LANGUAGES) else "en"})
    return render(request, "platform/landing.html", {"form": form})


@anyone
def slug_check(request):
    """htmx, as the slug is typed: is <slug>.<platform domain> free?"""
    slug = (request.GET.get("slug") or "").strip().lower()
    result = {"slug": slug, "ok": False, "message": ""}
    if slug:
        try:
            result["slug"] = check_slug(slug)
            result["ok"] = True
        except DomainError as error:
            result["message"] = " ".join(str(m) for ms in error.fields.values() for m in ms) or error.message
    return render(request, "platform/_slug_status.html", {"check": result})


@anyone
def welcome(request):
    """After sign-up: the new site's and office's addresses (only for the browser that signed up)."""
    company = companies().filter(pk=request.session.get(SIGNED_UP_KEY)).first()
    if company is None:
        return redirect("platform:landing")
    # "Go to your office" posts a one-time ticket to the company's host: its session is not ours.
    owner = User.objects.filter(pk=request.session.get(SIGNED_UP_OWNER_KEY)).first()
    return render(request, "platform/welcome.html", {
        "new_company": company, "office_url": company.site_url + "/office/",
        "ticket": sign_in_ticket_for(user=owner, company_id=company.pk) if owner is not None else "",
    })
