"""What workforce does after a staff member changes (registered with people.staff_changes in
AppConfig.ready; run inside the changing service's transaction, so they are steps, not services)."""
from __future__ import annotations

from typing import Any

from shared_apps.changes.services import record_change
from tenant_apps.people.models import StaffMember, StaffRole
from tenants.models import Affiliation, AffiliationKind, Company

from .models import ACTIVE_WORKER, WorkerProfile


def give_the_worker_role_a_profile(*, actor: Any, company: Company, member: StaffMember) -> None:
    """A staff change step: someone on the staff as a worker has a worker profile (made with defaults),
    so "a worker" means one thing everywhere: a staff member with a worker profile (ACTIVE_WORKER
    when both are active), whatever their role."""
    if member.role == StaffRole.WORKER and not WorkerProfile.objects.filter(pk=member.pk).exists():
        WorkerProfile.objects.create(staff_member=member)
        record_change(actor=actor, action="worker.profile_created", target_id=member.pk)


def mirror_worker_affiliation(*, actor: Any, company: Company, member: StaffMember) -> None:
    """Keep the public directory's "does jobs here" row equal to ACTIVE_WORKER for `member` (a staff
    change step, run in the changing service's transaction); the worker app lists these rows."""
    if company is None:  # the template schema: no directory to mirror into
        return
    does_jobs = WorkerProfile.objects.filter(ACTIVE_WORKER, pk=member.pk).exists()
    if does_jobs:
        Affiliation.objects.update_or_create(
            user_id=member.user_id, company=company, kind=AffiliationKind.WORKER,
            defaults={"role": member.role, "local_id": member.pk, "is_active": True})
    else:
        Affiliation.objects.filter(user_id=member.user_id, company=company, kind=AffiliationKind.WORKER).update(
            is_active=False, role=member.role)
