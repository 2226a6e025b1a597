"""The worker app: one login, every company the worker serves. Installable (manifest, service worker)."""
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_POST

from shared_apps.accounts.access import anyone, signed_in
from shared_apps.accounts.login import LoginSurface
from shared_apps.core.errors import DomainError
from tenants.models import AffiliationKind, StaffRole
from tenants.selectors import affiliations_of, companies_of_worker, invitations_of

from .invitations import answer_invitation

WORKER = LoginSurface(namespace="worker", base_template="worker/base.html", home="home", after_logout="login")
THEME_COLOR = "#1f2a44"


@signed_in("worker:login")
def home(request):
    roles = dict(StaffRole.choices)
    invitations = [{"company": a.company, "company_id": a.company_id, "id": a.local_id,
                    "role": roles.get(a.role, a.role)} for a in invitations_of(request.user)]
    return render(request, "worker/home.html", {"companies": companies_of_worker(request.user),
                                                "invitations": invitations})


@require_POST
@signed_in("worker:login")
def invitation_answer(request, company_id, invitation_id, accept: bool):
    try:
        name = answer_invitation(actor=request.user, company_id=company_id, invitation_id=invitation_id,
                                 accept=accept)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, (_("You have joined %(company)s.") if accept
                                   else _("You declined the invitation from %(company)s.")) % {"company": name})
    return redirect("worker:home")


@signed_in("worker:login")
def invitation_accept(request, company_id, invitation_id):
    return invitation_answer(request, company_id, invitation_id, accept=True)


@signed_in("worker:login")
def invitation_decline(request, company_id, invitation_id):
    return invitation_answer(request, company_id, invitation_id, accept=False)


@signed_in("worker:login")
def profile(request):
    roles = dict(StaffRole.choices)
    staff = [(a.company, roles.get(a.role, a.role)) for a in affiliations_of(request.user)
             if a.kind == AffiliationKind.STAFF]
    return render(request, "worker/profile.html", {"roles": staff})


@anyone
def offline(request):
    return render(request, "worker/offline.html")


@anyone
@cache_control(max_age=3600)
def manifest(request):
    scope = reverse("worker:home")
    data = {
        "name": _("Doorstep for workers"),
        "short_name": _("Doorstep"),
        "description": _("Your tasks from every company you work for."),
        "id": scope,
        "start_url": scope,
        "scope": scope,
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "lang": request.LANGUAGE_CODE,
        "icons": [
            {"src": static("worker/icon.svg"), "sizes": "any", "type": "image/svg+xml", "purpose": "any"},
            {"src": static("worker/icon-maskable.svg"), "sizes": "any", "type": "image/svg+xml",
             "purpose": "maskable"},
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json",
                        json_dumps_params={"ensure_ascii": False})


@anyone
@cache_control(no_cache=True)
def service_worker(request):
    """Served from /worker/ (not /static/) so that its scope is the worker app."""
    response = render(request, "worker/sw.js", {
        "scope": reverse("worker:home"), "offline_url": reverse("worker:offline"),
        "shell": [static("css/doorstep.css"), static("worker/icon.svg")],
    }, content_type="text/javascript")
    response["Service-Worker-Allowed"] = reverse("worker:home")
    return response
