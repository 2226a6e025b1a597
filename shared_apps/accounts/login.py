"""Sign-in and sign-out pages, one set per surface (storefront, office, worker app, console).

The same views serve every surface; a `LoginSurface` says which base template to use, where to
go after signing in, and who may enter (the office only lets its office staff in, the console
only platform operators). Refused people get a message on the sign-in page and no session.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import phonenumbers
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from shared_apps.core.errors import DomainError
from shared_apps.core.forms import show_domain_error
from shared_apps.core.requests import client_info

from . import services
from .access import anyone
from .forms import PasswordLoginForm, SendCodeForm, SmsLoginForm
from .phones import mask_phone

SESSION_BACKEND = "shared_apps.accounts.backends.PhoneOrEmailBackend"
METHODS = ("sms", "password")


def _let_in(user) -> str | None:
    return None


@dataclass(frozen=True)
class LoginSurface:
    """How one surface signs people in. URL names are relative to `namespace`."""

    namespace: str
    base_template: str
    home: str  # URL name to go to after signing in
    after_logout: str
    default_method: str = "sms"
    # The reason `user` may not enter this surface, or None. Runs on the request's host/schema.
    refusal: Callable[[object], str | None] = _let_in

    def url(self, name: str) -> str:
        return reverse(f"{self.namespace}:{name}")


def login_urls(surface: LoginSurface) -> list:
    """The sign-in, send-code and sign-out URLs of a surface, for its urls.py."""
    return [
        path("login/", anyone(LoginView.as_view(surface=surface)), name="login"),
        path("login/code/", anyone(SendCodeView.as_view(surface=surface)), name="login-code"),
        path("logout/", anyone(LogoutView.as_view(surface=surface)), name="logout"),
    ]


def masked_for_people(e164: str) -> str:
    """+8613800138000 -> '+86 138****8000' (the country code apart, as people write it)."""
    try:
        number = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return mask_phone(e164)
    national = str(number.national_number)
    if len(national) < 8:
        return mask_phone(e164)
    return f"+{number.country_code} {national[:-8]}****{national[-4:]}"


class _SurfaceView(View):
    surface: LoginSurface | None = None

    def next_url(self) -> str:
        candidate = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={self.request.get_host()}, require_https=self.request.is_secure()
        ):
            return candidate
        return self.surface.url(self.surface.home)

    def render_page(self, *, method: str, sms_form=None, password_form=None, code_status=None) -> HttpResponse:
        context = {
            "surface": self.surface,
            "method": method,
            "sms_form": sms_form or SmsLoginForm(),
            "password_form": password_form or PasswordLoginForm(),
            "code_status": code_status,
            "next": self.request.POST.get("next") or self.request.GET.get("next") or "",
            "login_url": self.surface.url("login"),
            "code_url": self.surface.url("login-code"),
            "logout_url": self.surface.url("logout"),
        }
        # Form errors come back with 200, as browsers expect of a re-shown form.
        return render(self.request, "accounts/login.html", context)


class LoginView(_SurfaceView):
    """GET: the sign-in page. POST: sign in by SMS code or by password, then go on."""

    def get(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and self.surface.refusal(request.user) is None:
            return redirect(self.next_url())
        method = request.GET.get("with")
        return self.render_page(method=method if method in METHODS else self.surface.default_method)

    def post(self, request: HttpRequest) -> HttpResponse:
        method = "password" if request.POST.get("method") == "password" else "sms"
        form = PasswordLoginForm(request.POST) if method == "password" else SmsLoginForm(request.POST)
        if form.is_valid():
            try:
                user = self._sign_in(method, form.cleaned_data)
            except DomainError as error:
                show_domain_error(form, error)
            else:
                refusal = self.surface.refusal(user)
                if refusal is None:
                    login(request, user, backend=SESSION_BACKEND)
                    services.remember_language(actor=user, user=user, language=request.LANGUAGE_CODE)
                    return redirect(self.next_url())
                form.add_error(None, refusal)
        forms = {"password_form": form} if method == "password" else {"sms_form": form}
        return self.render_page(method=method, **forms)

    def _sign_in(self, method: str, data: dict):
        client = client_info(self.request)
        if method == "password":
            return services.sign_in_with_password(
                identifier=data["identifier"], password=data["password"], client=client
            )
        return services.sign_in_with_code(phone=data["phone"], code=data["code"], client=client)


class SendCodeView(_SurfaceView):
    """POST (htmx from the "Send code" button): text a sign-in code to the phone.

    htmx gets the status line only; without JavaScript the whole sign-in page comes back.
    """

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        form = SendCodeForm(request.POST)
        status = {"ok": False, "message": ""}
        if form.is_valid():
            try:
                sent_to = services.request_login_code(phone=form.cleaned_data["phone"], client=client_info(request))
            except DomainError as error:
                show_domain_error(form, error)
            else:
                status = {"ok": True, "sent_to": masked_for_people(sent_to),
                          "minutes": settings.SMS_CODE_TTL_SECONDS // 60}
        if not status["ok"]:
            status["message"] = " ".join(str(m) for errors in form.errors.values() for m in errors)
        if request.htmx:
            # 200 even for an error: htmx swaps only successful responses.
            return render(request, "accounts/_code_status.html", {"code_status": status})
        sms_form = SmsLoginForm(initial={"phone": request.POST.get("phone", "")})
        return self.render_page(method="sms", sms_form=sms_form, code_status=status)


class LogoutView(_SurfaceView):
    """POST: sign out of this host."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        logout(request)
        return redirect(self.surface.url(self.surface.after_logout))


class TicketLoginView(_SurfaceView):
    """POST (from the platform's page after sign-up, another host, hence no CSRF token): sign in
    with a one-time ticket and open the surface; a bad or used ticket leads to the sign-in page."""

    http_method_names = ["post"]

    def post(self, request: HttpRequest) -> HttpResponse:
        company_id = getattr(getattr(request, "tenant", None), "pk", None)
        try:
            user = services.sign_in_with_ticket(ticket=request.POST.get("ticket", ""), company_id=company_id,
                                                  client=client_info(request))
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(self.surface.url("login"))
        refusal = self.surface.refusal(user)
        if refusal is not None:
            messages.error(request, refusal)
            return redirect(self.surface.url("login"))
        login(request, user, backend=SESSION_BACKEND)
        services.remember_language(actor=user, user=user, language=request.LANGUAGE_CODE)
        return redirect(self.surface.url(self.surface.home))


def ticket_login_url(surface: LoginSurface):
    """The URL a sign-in ticket is posted to, for a surface's urls.py (company hosts' office)."""
    return path("login/ticket/", csrf_exempt(anyone(TicketLoginView.as_view(surface=surface))), name="login-ticket")


@anyone
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switcher (Django's view), remembered on the signed-in person for what we send them."""
    response = django_set_language(request)
    if request.user.is_authenticated:
        services.remember_language(actor=request.user, user=request.user, language=request.POST.get("language", ""),
                                   replace=True)
    return response
