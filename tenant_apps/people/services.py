"""Adding and changing staff and customers of the current company (run inside its schema)."""
from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User
from shared_apps.accounts.services import parse_phone
from shared_apps.changes.services import record_change
from shared_apps.core.errors import DomainError, PermissionDenied, ValidationFailed
from tenants.models import Affiliation, AffiliationKind, Company

from .errors import PeopleError
from .models import Customer, StaffMember, StaffRole
from .staff_changes import run_staff_change_steps


def _mirror_affiliation(*, company: Company, user: User, kind: str, role: str, local_id: int, active: bool) -> None:
    Affiliation.objects.update_or_create(
        user=user, company=company, kind=kind,
        defaults={"role": role, "local_id": local_id, "is_active": active},
    )


def _check_actor_may_manage_owners(actor) -> None:
    """Only an owner appoints or changes an owner, so an admin cannot take the company over."""
    if actor.pk is None:  # the system actor
        return
    if not StaffMember.objects.filter(user_id=actor.pk, role=StaffRole.OWNER, is_active=True).exists():
        raise PermissionDenied(_("Only an owner can appoint or change an owner."))


def add_staff_member(*, actor: User, company: Company, user: User, role: str, display_name: str = "") -> StaffMember:
    if role not in StaffRole.values:
        raise ValidationFailed({"role": [_("Choose one of: %(roles)s.") % {"roles": ", ".join(StaffRole.values)}]})
    with transaction.atomic():
        if StaffMember.objects.filter(user=user).exists():
            raise DomainError(PeopleError.ALREADY_STAFF, _("This person is already on your staff."),
                              status=409, fields={"phone": [_("This person is already on your staff.")]})
        member = StaffMember.objects.create(user=user, role=role, display_name=display_name.strip()[:100])
        _mirror_affiliation(company=company, user=user, kind=AffiliationKind.STAFF, role=role,
                            local_id=member.pk, active=True)
        record_change(actor=actor, action="staff_member.added", target_id=member.pk,
                      data={"user": user.pk, "role": role})
        run_staff_change_steps(actor=actor, company=company, member=member)
    return member


def invite_staff_member(*, actor: User, company: Company, phone: str, role: str, display_name: str = "") -> StaffMember:
    """Add someone by phone: their global identity is reused, or made (they sign in by SMS code)."""
    e164 = parse_phone(phone)
    if role == StaffRole.OWNER:
        _check_actor_may_manage_owners(actor)
    with transaction.atomic():
        user = User.objects.filter(phone=e164).first() or User.objects.create_user(phone=e164, name=display_name)
        return add_staff_member(actor=actor, company=company, user=user, role=role, display_name=display_name)


def change_staff_member(*, actor: User, company: Company, member: StaffMember,
                        role: str | None = None, is_active: bool | None = None) -> StaffMember:
    with transaction.atomic():
        member = StaffMember.objects.select_for_update().get(pk=member.pk)
        new_role = role if role is not None else member.role
        new_active = is_active if is_active is not None else member.is_active
        if new_role not in StaffRole.values:
            raise ValidationFailed({"role": [_("Unknown role.")]})
        if StaffRole.OWNER in (member.role, new_role):
            _check_actor_may_manage_owners(actor)
        leaves_owners = member.role == StaffRole.OWNER and (new_role != StaffRole.OWNER or not new_active)
        if leaves_owners and not StaffMember.objects.filter(
            role=StaffRole.OWNER, is_active=True
        ).exclude(pk=member.pk).exists():
            raise DomainError(PeopleError.LAST_OWNER, _("A company keeps at least one active owner."), status=409)
        before = {"role": member.role, "is_active": member.is_active}
        member.role, member.is_active = new_role, new_active
        member.save(update_fields=["role", "is_active", "updated_at"])
        _mirror_affiliation(company=company, user=member.user, kind=AffiliationKind.STAFF, role=new_role,
                            local_id=member.pk, active=new_active)
        record_change(actor=actor, action="staff_member.changed", target_id=member.pk,
                      data={"from": before, "to": {"role": new_role, "is_active": new_active}})
        run_staff_change_steps(actor=actor, company=company, member=member)
    return member


def ensure_customer(*, company: Company, user: User, name: str = "") -> Customer:
    """The current company's customer profile of `user`, made on their first sign-in here."""
    customer = Customer.objects.filter(user=user).first()
    if customer is not None:
        return customer
    with transaction.atomic():
        customer, created = Customer.objects.get_or_create(user=user, defaults={"name": name or user.name})
        if created:
            _mirror_affiliation(company=company, user=user, kind=AffiliationKind.CUSTOMER, role="",
                                local_id=customer.pk, active=True)
    return customer


def update_customer_profile(*, actor: User, customer: Customer, name: str) -> Customer:
    name = (name or "").strip()
    if len(name) > 100:
        raise ValidationFailed({"name": [_("Use at most 100 characters.")]})
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer.pk)
        if actor.pk != customer.user_id:  # their own profile; the office edits customers elsewhere
            raise PermissionDenied(_("Only the customer changes their profile."))
        customer.name = name
        customer.save(update_fields=["name", "updated_at"])
        record_change(actor=actor, action="customer.profile_changed", target_id=customer.pk, data={"name": name})
    return customer
