"""Page access by company role, on a company host: the office's decorators and sign-in rule."""
from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from shared_apps.accounts.access import forbidden, requires
from shared_apps.core.permissions import on_company_host

from .models import DISPATCH_ROLES, FINANCE_ROLES, MANAGER_ROLES, OFFICE_ROLES, StaffRole
from .selectors import staff_member_of

OFFICE_LOGIN = "office:login"
OFFICE_BASE = "office/base.html"


def office_refusal(user) -> str | None:
    """Why `user` may not sign in to this company's office, or None for its office staff."""
    member = staff_member_of(user) if on_company_host() else None
    if member is not None and member.is_office_staff:
        return None
    return _("Only the office staff of %(company)s can sign in here.") % {"company": connection.tenant.name}


def _role_check(roles: frozenset[str], message: Callable[[], str]) -> Callable[[HttpRequest], HttpResponse | None]:
    def refusal(request: HttpRequest) -> HttpResponse | None:
        member = staff_member_of(request.user) if on_company_host() else None
        request.staff_member = member
        if member is not None and member.role in roles:
            return None
        return forbidden(request, base_template=OFFICE_BASE, message=message(), login_url=OFFICE_LOGIN)

    return refusal


office_staff_required = requires(
    "office_staff", login_url=OFFICE_LOGIN,
    refusal=_role_check(OFFICE_ROLES, lambda: _(
        "The office is for the owner, admins, dispatchers and finance staff of %(company)s."
    ) % {"company": connection.tenant.name}),
)
"""Owner, admin, dispatcher or finance of this company; sets request.staff_member."""

company_manager_required = requires(
    "company_manager", login_url=OFFICE_LOGIN,
    refusal=_role_check(MANAGER_ROLES, lambda: _("Only the owner and admins of %(company)s can do this.")
                        % {"company": connection.tenant.name}),
)
"""Owner or admin of this company; sets request.staff_member."""

dispatcher_required = requires(
    "dispatcher", login_url=OFFICE_LOGIN,
    refusal=_role_check(DISPATCH_ROLES, lambda: _("Only the owner, admins and dispatchers of %(company)s can "
                                                  "dispatch.") % {"company": connection.tenant.name}),
)
"""Owner, admin or dispatcher of this company; sets request.staff_member."""

company_finance_required = requires(
    "company_finance", login_url=OFFICE_LOGIN,
    refusal=_role_check(FINANCE_ROLES, lambda: _("Only the owner, admins and finance staff of %(company)s can do "
                                                 "this.") % {"company": connection.tenant.name}),
)
"""Owner, admin or finance of this company; sets request.staff_member."""

company_owner_required = requires(
    "company_owner", login_url=OFFICE_LOGIN,
    refusal=_role_check(frozenset({StaffRole.OWNER}), lambda: _("Only the owner of %(company)s can do this.")
                        % {"company": connection.tenant.name}),
)
"""The owner of this company; sets request.staff_member."""
