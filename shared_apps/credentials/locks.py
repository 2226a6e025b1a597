"""Row locks of credentials (public schema), in one order: credential, then its shares; for
background checks: the worker's user row, then the check, then its dispute. Each expects a
transaction."""
from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .models import BackgroundCheck, BackgroundCheckDispute, Credential, CredentialShare, CredentialStatus


def lock_credential(credential_id: int) -> Credential | None:
    return Credential.objects.select_for_update().filter(pk=credential_id).first()


def lock_open_share(credential: Credential, company_id: int) -> CredentialShare | None:
    return (CredentialShare.objects.select_for_update()
            .filter(credential=credential, company_id=company_id, revoked_at__isnull=True).first())


def lock_share_of(worker, share_id: int) -> CredentialShare | None:
    return CredentialShare.objects.select_for_update().filter(pk=share_id, worker=worker).first()


def lock_approved_until(*, after: date | None = None, before: date) -> QuerySet[Credential]:
    """Approved credentials valid until a day in [after, before) (any day before `before` without
    `after`), locked, oldest id first."""
    rows = Credential.objects.select_for_update().filter(status=CredentialStatus.APPROVED, valid_until__lt=before)
    if after is not None:
        rows = rows.filter(valid_until__gte=after)
    return rows.order_by("pk")


def lock_worker(user_id: int) -> None:
    """The worker's row: serialises the start of their checks (one open check at a time)."""
    get_user_model().objects.select_for_update().filter(pk=user_id).values_list("pk", flat=True).first()


def lock_check(check_id: int) -> BackgroundCheck | None:
    return BackgroundCheck.objects.select_for_update().filter(pk=check_id).first()


def lock_dispute(dispute_id: int) -> BackgroundCheckDispute | None:
    return BackgroundCheckDispute.objects.select_for_update().filter(pk=dispute_id).first()
