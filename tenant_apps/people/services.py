"""Adding and changing staff and customers of the current company (run inside its schema)."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User
from shared_apps.accounts.services import parse_phone
from shared_apps.changes.services import record_change
from shared_apps.core.errors import DomainError, PermissionDenied, ValidationFailed
from tenants.models import Affiliation, AffiliationKind, Company

from .errors import PeopleError
from .locks import lock_customer, lock_staff_member
from .models import Address, Customer, StaffMember, StaffRole
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
    """Add someone by phone without asking them: for seeding (demo companies, tests) only. Offices
    invite (people.invitations): a person joins a staff only by accepting."""
    e164 = parse_phone(phone)
    if role == StaffRole.OWNER:
        _check_actor_may_manage_owners(actor)
    with transaction.atomic():
        user = User.objects.filter(phone=e164).first() or User.objects.create_user(phone=e164, name=display_name)
        return add_staff_member(actor=actor, company=company, user=user, role=role, display_name=display_name)


def change_staff_member(*, actor: User, company: Company, member: StaffMember,
                        role: str | None = None, is_active: bool | None = None) -> StaffMember:
    with transaction.atomic():
        member = lock_staff_member(member.pk)
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
        customer = lock_customer(customer.pk)
        if actor.pk != customer.user_id:  # their own profile; the office edits customers elsewhere
            raise PermissionDenied(_("Only the customer changes their profile."))
        customer.name = name
        customer.save(update_fields=["name", "updated_at"])
        record_change(actor=actor, action="customer.profile_changed", target_id=customer.pk, data={"name": name})
    return customer


# ---- saved addresses -------------------------------------------------------------------------------

@dataclass(frozen=True)
class AddressInput:
    line: str
    contact_name: str
    contact_phone: str
    label: str = ""
    building: str = ""
    zone_id: int | None = None
    district: str = ""  # free text, only for a company without service zones


class Located(Protocol):
    latitude: float | None
    longitude: float | None
    is_approximate: bool


class Places(Protocol):
    """The company's service zones and geocoder (catalog's `CompanyPlaces`; people sits below catalog)."""

    def has_zones(self) -> bool: ...
    def zone(self, zone_id) -> tuple[Any, str]: ...
    def locate(self, *, line: str, zone) -> Located: ...


def _clean_address(values: AddressInput, places: Places):
    """Check the fields (all problems at once) and resolve the zone; returns (zone, phone, district)."""
    errors: dict[str, list[str]] = {}
    if not values.line.strip():
        errors["line"] = [_("Give the street address.")]
    if not values.contact_name.strip():
        errors["contact_name"] = [_("Give a contact name.")]
    phone = ""
    try:
        phone = parse_phone(values.contact_phone, field="contact_phone")
    except ValidationFailed as error:
        errors.update(error.fields)
    zone, district = None, values.district.strip()[:100]
    if places.has_zones():
        zone, name = places.zone(values.zone_id)
        if zone is None:
            errors["zone"] = [_("Choose your district.")]
        else:
            district = name
    for name, limit in (("line", 255), ("building", 100), ("label", 40), ("contact_name", 100)):
        if len(getattr(values, name).strip()) > limit:
            errors.setdefault(name, []).append(_("Use at most %(n)d characters.") % {"n": limit})
    if errors:
        raise ValidationFailed(errors)
    return zone, phone, district


def add_address(*, actor: User, customer: Customer, values: AddressInput, places: Places) -> Address:
    """Save an address on the customer's profile, placed by the geocoder or at its district's centre."""
    zone, phone, district = _clean_address(values, places)
    located = places.locate(line=f"{district} {values.line.strip()}".strip(), zone=zone)  # outside the transaction
    with transaction.atomic():
        address = Address.objects.create(
            customer=customer, label=values.label.strip(), line=values.line.strip(), building=values.building.strip(),
            zone=zone, district=district, contact_name=values.contact_name.strip(), contact_phone=phone,
            latitude=_decimal(located.latitude), longitude=_decimal(located.longitude),
            is_approximate=located.is_approximate,
        )
        record_change(actor=actor, action="address.added", target_id=address.pk,
                      data={"customer": customer.pk, "approximate": located.is_approximate})
    return address


def delete_address(*, actor: User, customer: Customer, address: Address) -> None:
    """Forget a saved address (orders keep their own copy of it)."""
    with transaction.atomic():
        deleted, _rows = Address.objects.filter(pk=address.pk, customer=customer).delete()
        if deleted:
            record_change(actor=actor, action="address.deleted", target_id=address.pk, data={"customer": customer.pk})


def touch_address(*, actor: User, address: Address) -> None:
    """Mark an address as just used, so it comes first next time."""
    Address.objects.filter(pk=address.pk, customer__user_id=actor.pk).update(updated_at=timezone.now())


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(round(value, 6)))
