"""Row locks of people. A customer's row is locked before any of their holds or assignments."""
from __future__ import annotations

from .models import Customer, StaffMember


def lock_customer(customer_id: int) -> Customer:
    """The customer, locked until the end of the transaction (expects one): serialises what must be
    counted across their holds (the hold limit)."""
    return Customer.objects.select_for_update().get(pk=customer_id)


def lock_staff_member(member_id: int) -> StaffMember:
    """The staff member, locked until the end of the transaction (expects one)."""
    return StaffMember.objects.select_for_update().get(pk=member_id)


def lock_own_invitation(invitation_id: int, *, user_id: int):
    """The invitation made to `user_id`, locked until the end of the transaction; None when there is
    no such invitation for them (someone else's looks the same as a missing one)."""
    from .models import StaffInvitation

    return StaffInvitation.objects.select_for_update().filter(pk=invitation_id, user_id=user_id).first()
