"""Reads of companies."""
from django.conf import settings
from django.db.models import QuerySet

from .models import Affiliation, AffiliationKind, Company


def companies() -> QuerySet[Company]:
    """Every company, without the platform's own (public schema) row."""
    return Company.objects.exclude(schema_name=settings.PUBLIC_SCHEMA_NAME)


def platform_company() -> Company:
    return Company.objects.get(schema_name=settings.PUBLIC_SCHEMA_NAME)


def companies_of_worker(user) -> QuerySet[Company]:
    """The active companies where `user` does jobs, whatever their staff role (the worker app's list;
    the same people dispatch offers jobs to)."""
    ids = Affiliation.objects.filter(user=user, kind=AffiliationKind.WORKER, is_active=True).values("company_id")
    return companies().filter(pk__in=ids, status="active")


def affiliations_of(user) -> QuerySet[Affiliation]:
    """The caller's memberships (staff, customer); the "does jobs" rows are the worker app's list and
    invitations wait for an answer (invitations_of)."""
    return (Affiliation.objects.filter(user=user, is_active=True)
            .exclude(kind__in=[AffiliationKind.WORKER, AffiliationKind.INVITATION]).select_related("company"))
def invitations_of(user) -> QuerySet[Affiliation]:
    """The staff invitations waiting for `user`'s answer, in active companies (the worker app's list)."""
    return (Affiliation.objects.filter(user=user, kind=AffiliationKind.INVITATION, is_active=True,
                                       company__status="active")
            .select_related("company").order_by("-created_at"))


def invitation_of(user, company_id, invitation_id) -> Affiliation | None:
    """One of `user`'s waiting invitations (None when it is not theirs, answered, or made up)."""
    return invitations_of(user).filter(company_id=company_id, local_id=invitation_id).first()
