"""Answering a staff invitation from the worker app (platform host): the invitation lives in the
inviting company's schema; the public Affiliation row says which company to enter, and only the
invited person finds it. What accepting and declining do in the company is the company apps' business:
they name their services in STAFF_INVITATION_ANSWERS (a shared app never imports a tenant app, as with
sign-up's COMPANY_SETUP_STEPS)."""
from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string
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
        answer = import_string(settings.STAFF_INVITATION_ANSWERS["accept" if accept else "decline"])
        answer(actor=actor, company=company, invitation_id=invitation_pk)
    return company.name
