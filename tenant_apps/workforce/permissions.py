"""Who may edit shifts and the roster: the owner, admins and dispatchers (not finance, not workers)."""
from tenant_apps.people.models import StaffRole
from tenant_apps.people.permissions import CompanyStaff

SCHEDULER_ROLES = frozenset({StaffRole.OWNER, StaffRole.ADMIN, StaffRole.DISPATCHER})


class CompanyScheduler(CompanyStaff):
    """Owner, admin or dispatcher of this company; sets request.staff_member."""

    roles = SCHEDULER_ROLES
