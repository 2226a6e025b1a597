"""Company roles as DRF permissions. They hold only on a company host, for active staff."""
from rest_framework.permissions import BasePermission

from shared_apps.core.permissions import SignedIn, on_company_host

from .models import FINANCE_ROLES, MANAGER_ROLES, OFFICE_ROLES, StaffRole
from .selectors import staff_member_of


class _CompanyRole(BasePermission):
    roles: frozenset[str] = frozenset(StaffRole.values)

    def has_permission(self, request, view) -> bool:
        if not (SignedIn().has_permission(request, view) and on_company_host()):
            return False
        member = staff_member_of(request.user)
        request.staff_member = member
        return member is not None and member.role in self.roles


class CompanyStaff(_CompanyRole):
    """Anyone on the staff, workers included (their querysets are narrowed by selectors)."""


class OfficeStaff(_CompanyRole):
    roles = OFFICE_ROLES


class Dispatcher(_CompanyRole):
    """Owner, admin or dispatcher: who gives orders to workers (finance does not)."""

    roles = frozenset({StaffRole.OWNER, StaffRole.ADMIN, StaffRole.DISPATCHER})


class CompanyManager(_CompanyRole):
    roles = MANAGER_ROLES


class CompanyFinance(_CompanyRole):
    """Owner, admin or finance: the company's money."""

    roles = FINANCE_ROLES


class CompanyOwner(_CompanyRole):
    roles = frozenset({StaffRole.OWNER})


class CompanyCustomer(BasePermission):
    """A signed-in person on a company's site (their customer profile is made on first use)."""

    def has_permission(self, request, view) -> bool:
        return SignedIn().has_permission(request, view) and on_company_host()
