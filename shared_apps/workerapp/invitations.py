"""Answering a staff invitation from the worker app (platform host): the invitation lives in the
inviting company's schema; the public Affiliation row says which company to enter, and only the
invited person finds it."""
from __future__ import annotations

from django_tenants.utils import tenant_context

from shared_apps.accounts.models import User
from shared_apps.core.api import parse_id
from shared_apps.core.errors import NotFound
from tenants.selectors import invitation_of


def answer_invitation(*, actor: User, company_id, invitation_id, accept: bool) -> str:
    """Accept or decline one of `actor`'s invitations; returns the company's name."""
    company_pk, invitation_pk = parse_id(company_id), parse_id(invitation_id)
    affiliation = invitation_of(actor, company_pk, invitation_pk) if company_pk and invitation_pk else None
    if affiliation is None:
        raise NotFound("invitation")
    company = affiliation.company
    with tenant_context(company):
        if accept:
            from tenant_apps.workforce.services import accept_invitation

            accept_invitation(actor=actor, company=company, invitation_id=invitation_pk)
        else:
            from tenant_apps.people.invitations import decline_staff_invitation

            decline_staff_invitation(actor=actor, company=company, invitation_id=invitation_pk)
    return company.name
