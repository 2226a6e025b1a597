"""Reads of credentials, scoped to who asks: the worker (their own), operators (the review queue),
a company (what was shared with it), anyone (the badges a worker has earned)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.conf import settings
from django.db.models import CharField, Prefetch, Q, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shared_apps.core.errors import NotFound

from .models import (
    BackgroundCheck,
    BackgroundCheckDispute,
    CheckResult,
    CheckStatus,
    Credential,
    CredentialKind,
    CredentialShare,
    CredentialStatus,
    CredentialView,
    DisputeStatus,
)

BADGES = {
    "id_verified": _("ID verified"),
    "background_checked": _("Background checked"),
    "health_checked": _("Health certificate"),
    "certified": _("Certified"),
}
BACKGROUND = "background"  # the badge's pseudo-kind, beside the credential kinds
BADGE_KINDS = (("id_verified", CredentialKind.ID_CARD), ("background_checked", BACKGROUND),
               ("health_checked", CredentialKind.HEALTH), ("certified", CredentialKind.SKILL))


def credentials_of(worker) -> QuerySet[Credential]:
    open_shares = CredentialShare.objects.filter(revoked_at__isnull=True)
    return (Credential.objects.filter(worker=worker)
            .prefetch_related("files", Prefetch("shares", queryset=open_shares, to_attr="open_shares")))


def get_credential_for_worker(worker, credential_id) -> Credential:
    credential = credentials_of(worker).filter(pk=credential_id).first() if str(credential_id).isdigit() else None
    if credential is None:
        raise NotFound(_("credential"))
    return credential


def views_of(worker, *, limit: int = 50) -> list[CredentialView]:
    """Who looked at the worker's credentials, newest first."""
    return list(CredentialView.objects.filter(worker=worker).select_related("credential")[:limit])


def review_queue() -> QuerySet[Credential]:
    """Submitted credentials, the one closest to (or furthest past) its SLA first."""
    return (Credential.objects.filter(status=CredentialStatus.SUBMITTED)
            .select_related("worker", "rejection_proposed_by").prefetch_related("files")
            .order_by("review_due_at", "id"))


def get_credential_for_review(credential_id) -> Credential:
    credential = (Credential.objects.select_related("worker", "rejection_proposed_by").prefetch_related("files")
                  .filter(pk=credential_id).first() if str(credential_id).isdigit() else None)
    if credential is None:
        raise NotFound(_("credential"))
    return credential


def shared_with_company(company_id: int, worker_ids: Iterable[int] | None = None) -> QuerySet[Credential]:
    """Credentials whose worker has shared them with the company, not revoked (no numbers, no files:
    opening one is open_shared_credential, which logs the view)."""
    rows = Credential.objects.filter(shares__company_id=company_id, shares__revoked_at__isnull=True)
    if worker_ids is not None:
        rows = rows.filter(worker_id__in=list(worker_ids))
    return rows.select_related("worker").distinct().order_by("worker_id", "kind", "id")


def current_credentials(user_ids: Iterable[int]) -> QuerySet[Credential]:
    today = timezone.localdate()
    return Credential.objects.filter(worker_id__in=list(user_ids), status=CredentialStatus.APPROVED).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today))


def badges_for(user_ids: Iterable[int]) -> dict[int, list[tuple[str, str]]]:
    """user id -> [(code, label)] of the badges earned by approved, unexpired credentials and a passed
    background check less than a year old (one query). Customers see them once their worker has
    accepted the order."""
    user_ids = list(user_ids)
    kinds: dict[int, set[str]] = {}
    checked = (passed_background_checks(user_ids).annotate(badge_kind=Value(BACKGROUND, output_field=CharField()))
               .order_by().values_list("worker_id", "badge_kind"))
    for worker_id, kind in current_credentials(user_ids).order_by().values_list("worker_id", "kind").union(checked):
        kinds.setdefault(worker_id, set()).add(kind)
    result = {}
    for worker_id, held in kinds.items():
        codes = [code for code, kind in BADGE_KINDS if kind in held]
        result[worker_id] = [(code, str(BADGES[code])) for code in codes]
    return result


def workers_holding(user_ids: Iterable[int], kinds: Iterable[str]) -> set[int]:
    """The users among `user_ids` who hold every kind in `kinds`, approved and unexpired (matching)."""
    kinds = set(kinds)
    ids = list(user_ids)
    if not kinds:
        return set(ids)
    held: dict[int, set[str]] = {}
    for worker_id, kind in current_credentials(ids).filter(kind__in=kinds).values_list("worker_id", "kind"):
        held.setdefault(worker_id, set()).add(kind)
    return {worker_id for worker_id, got in held.items() if kinds <= got}


def worker_badges(user_id: int) -> list[tuple[str, str]]:
    """One worker's badges, for the customer's order page once the worker has accepted."""
    return badges_for([user_id]).get(user_id, [])



def current_credentials_of_user(user_id) -> QuerySet[Credential]:
    """Approved, unexpired credentials of one user; `user_id` may be an OuterRef (matching puts this
    inside the company's worker query)."""
    today = timezone.localdate()
    return Credential.objects.filter(worker_id=user_id, status=CredentialStatus.APPROVED).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today))


def credential_validity(user_ids: Iterable[int], kinds: Iterable[str]) -> dict[tuple[int, str], date | None]:
    """(user id, kind) -> the last day the best approved, unexpired credential of that kind is valid
    (None: no end). Absent: the user holds none. One query."""
    best: dict[tuple[int, str], date | None] = {}
    rows = current_credentials(user_ids).filter(kind__in=list(kinds)).values_list("worker_id", "kind", "valid_until")
    for worker_id, kind, until in rows:
        key = (worker_id, kind)
        if key not in best:
            best[key] = until
        elif best[key] is not None and (until is None or until > best[key]):
            best[key] = until
    return best


# -- background checks --------------------------------------------------------------------------------

def passed_background_checks(user_ids: Iterable[int]) -> QuerySet[BackgroundCheck]:
    """Finished checks that passed (or were marked passed on a dispute) within BACKGROUND_CHECK_VALID_DAYS."""
    since = timezone.now() - timedelta(days=int(getattr(settings, "BACKGROUND_CHECK_VALID_DAYS", 365)))
    return BackgroundCheck.objects.filter(worker_id__in=list(user_ids), status=CheckStatus.DONE,
                                          result=CheckResult.PASS, completed_at__gte=since)


def background_checks_of(worker, *, limit: int = 10) -> list[BackgroundCheck]:
    """The worker's checks, newest first, each with its disputes."""
    return list(BackgroundCheck.objects.filter(worker=worker).prefetch_related("disputes")[:limit])


def open_disputes() -> QuerySet[BackgroundCheckDispute]:
    """Disputes waiting for an operator, oldest first."""
    return (BackgroundCheckDispute.objects.filter(status=DisputeStatus.OPEN)
            .select_related("worker", "background_check").order_by("created_at", "id"))
