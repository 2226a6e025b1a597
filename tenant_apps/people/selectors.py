"""Reads of staff and customers, scoped to the caller."""
from __future__ import annotations

from django.db.models import QuerySet

from shared_apps.core.errors import NotFound

from .models import Address, Customer, StaffMember


def staff_member_of(user) -> StaffMember | None:
    """The caller's active staff membership in the current company, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return StaffMember.objects.filter(user_id=user.pk, is_active=True).first()


def customer_of(user) -> Customer | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Customer.objects.filter(user_id=user.pk).first()


def staff_for(viewer: StaffMember) -> QuerySet[StaffMember]:
    """Office staff see the whole staff list; a worker sees only their own row."""
    qs = StaffMember.objects.select_related("user")
    return qs if viewer.is_office_staff else qs.filter(pk=viewer.pk)


def get_staff_member_for(viewer: StaffMember, member_id) -> StaffMember:
    try:
        return staff_for(viewer).get(pk=int(member_id))
    except (ValueError, TypeError, StaffMember.DoesNotExist):
        raise NotFound("staff member") from None


def addresses_of(customer: Customer | None) -> QuerySet[Address]:
    """The customer's saved addresses, the one used last first."""
    if customer is None:
        return Address.objects.none()
    return Address.objects.filter(customer=customer)


def get_address_for(customer: Customer | None, address_id) -> Address:
    try:
        return addresses_of(customer).get(pk=int(address_id))
    except (ValueError, TypeError, Address.DoesNotExist):
        raise NotFound("address") from None
