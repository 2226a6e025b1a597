"""Console page access: platform operators (users with a console role) on the platform host."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from shared_apps.accounts.access import forbidden, requires
from shared_apps.core.permissions import on_company_host


def operator_refusal(user) -> str | None:
    """Why `user` may not sign in to the console, or None for a platform operator."""
    if user.is_platform_operator and not on_company_host():
        return None
    return _("Only platform operators can sign in to the console.")


def _operator_check(request: HttpRequest) -> HttpResponse | None:
    message = operator_refusal(request.user)
    if message is None:
        return None
    return forbidden(request, base_template="console/base.html", message=message, login_url="console:login")


operator_required = requires("platform_operator", login_url="console:login", refusal=_operator_check)
