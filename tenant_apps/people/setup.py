"""This app's company set-up step (settings.COMPANY_SETUP_STEPS): the owner's staff row."""
from tenants.models import StaffRole

from .services import add_staff_member


def add_owner(*, actor, company) -> None:
    """The person who signed the company up becomes its owner."""
    add_staff_member(actor=actor, company=company, user=actor, role=StaffRole.OWNER)
