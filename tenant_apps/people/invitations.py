"""Joining a company's staff by invitation: the office offers a role to a phone number, the person
accepts or declines in the worker app. Until they accept, the company sees only the number it typed:
no name, no account details, no access to the office or to tasks."""
from __future__ import annotations

from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User
from shared_apps.accounts.services import parse_phone
from shared_apps.core.errors import DomainError, NotFound
from tenants.models import Affiliation, AffiliationKind, Company

from .errors import PeopleError
from .locks import lock_own_invitation
from .models import InvitationStatus, StaffInvitation, StaffMember, StaffRole
from .services import _check_actor_may_manage_owners, add_staff_member


def invite_to_staff(*, actor: User, company: Company, phone: str, role: str,
                    profile: dict[str, Any] | None = None) -> StaffInvitation:
    """Offer `role` to the person with `phone`; they are told in the app and by SMS."""
    e164 = parse_phone(phone)
    if role not in StaffRole.values:
        raise DomainError("invalid", _("Unknown role."), fields={"role": [_("Unknown role.")]})
    if role == StaffRole.OWNER:
        _check_actor_may_manage_owners(actor)
    with transaction.atomic():
        # The person's one global identity; made without a name (an office's guess is not their name).
        user = User.objects.filter(phone=e164).first() or User.objects.create_user(phone=e164)
        if StaffMember.objects.filter(user=user).exists():
            raise DomainError(PeopleError.ALREADY_STAFF, _("This number is already on your staff."),
                              status=409, fields={"phone": [_("This number is already on your staff.")]})
        if StaffInvitation.objects.filter(user=user, status=InvitationStatus.PENDING).exists():
            raise DomainError(PeopleError.ALREADY_INVITED, _("This number already has an invitation waiting."),
                              status=409, fields={"phone": [_("This number already has an invitation waiting.")]})
        invitation = StaffInvitation.objects.create(phone=e164, role=role, user=user, invited_by=actor,
                                                    profile=profile or {})
        Affiliation.objects.update_or_create(
            user=user, company=company, kind=AffiliationKind.INVITATION,
            defaults={"role": role, "local_id": invitation.pk, "is_active": True},
        )
        from shared_apps.notifications.services import notify

        notify(actor=actor, user_ids=[user.pk], kind="staff.invited",
               context={"company": company.name, "role": str(StaffRole(role).label)},
               dedupe_key=f"staff-invitation:{connection.schema_name}:{invitation.pk}")
    return invitation


def pending_invitations() -> list[StaffInvitation]:
    """The current company's invitations still waiting for an answer (what the office may see)."""
    return list(StaffInvitation.objects.filter(status=InvitationStatus.PENDING).order_by("-created_at", "-id"))


def _get_own_pending(actor: User, invitation_id: int) -> StaffInvitation:
    invitation = lock_own_invitation(invitation_id, user_id=actor.pk)
    if invitation is None:
        raise NotFound(_("invitation"))
    if invitation.status != InvitationStatus.PENDING:
        raise DomainError(PeopleError.INVITATION_ANSWERED, _("This invitation has already been answered."),
                          status=409)
    return invitation


def accept_staff_invitation(*, actor: User, company: Company, invitation_id: int) -> StaffMember:
    """The invited person joins the staff with the offered role (only they can accept it)."""
    with transaction.atomic():
        invitation = _get_own_pending(actor, invitation_id)
        member = add_staff_member(actor=actor, company=company, user=actor, role=invitation.role)
        invitation.status, invitation.member, invitation.answered_at = (
            InvitationStatus.ACCEPTED, member, timezone.now())
        invitation.save(update_fields=["status", "member", "answered_at", "updated_at"])
        Affiliation.objects.filter(user=actor, company=company, kind=AffiliationKind.INVITATION).delete()
    return member


def decline_staff_invitation(*, actor: User, company: Company, invitation_id: int) -> StaffInvitation:
    with transaction.atomic():
        invitation = _get_own_pending(actor, invitation_id)
        invitation.status, invitation.answered_at = InvitationStatus.DECLINED, timezone.now()
        invitation.save(update_fields=["status", "answered_at", "updated_at"])
        Affiliation.objects.filter(user=actor, company=company, kind=AffiliationKind.INVITATION).delete()
    return invitation
