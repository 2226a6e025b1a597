"""Who belongs to this company: staff with a role, and customers. Rows point at the global user."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.models import StaffRole  # the role vocabulary lives with its public mirror, Affiliation

MANAGER_ROLES = frozenset({StaffRole.OWNER, StaffRole.ADMIN})
OFFICE_ROLES = frozenset({StaffRole.OWNER, StaffRole.ADMIN, StaffRole.DISPATCHER, StaffRole.FINANCE})
# Who gives jobs to workers (the dispatch board); finance staff see orders but do not dispatch.
DISPATCH_ROLES = frozenset({StaffRole.OWNER, StaffRole.ADMIN, StaffRole.DISPATCHER})
# Who runs the company's money (payment settings, later refunds and payouts).
FINANCE_ROLES = frozenset({StaffRole.OWNER, StaffRole.ADMIN, StaffRole.FINANCE})


class StaffMember(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20, choices=StaffRole.choices)
    display_name = models.CharField(max_length=100, blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["role", "id"]

    def __str__(self) -> str:
        return self.display_name or str(self.user)

    @property
    def is_office_staff(self) -> bool:
        return self.role in OFFICE_ROLES

    @property
    def can_manage_company(self) -> bool:
        return self.role in MANAGER_ROLES

    @property
    def can_dispatch(self) -> bool:
        return self.role in DISPATCH_ROLES

    @property
    def can_manage_money(self) -> bool:
        return self.role in FINANCE_ROLES


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class StaffInvitation(models.Model):
    """An offer to join the staff, made by phone. The person joins only by accepting it; until then
    the company knows only the number it typed (no name, no access to the office or tasks)."""

    phone = models.CharField(max_length=20)  # E.164, as the office typed it
    role = models.CharField(max_length=20, choices=StaffRole.choices)
    # The global user of that phone (made if new, so the invitation waits for them at sign-in).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                   related_name="+")
    # Worker profile values the office chose (skills, level), applied when the person accepts.
    profile = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING)
    member = models.ForeignKey(StaffMember, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user"], condition=models.Q(status="pending"),
                                    name="one_pending_invitation_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.phone} as {self.role} ({self.status})"


class Customer(models.Model):
    """A person who books with this company; their profile here, their identity global."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name or str(self.user)


class Address(models.Model):
    """A place the customer has services done, saved on their profile and chosen at booking. The
    district is one of the company's service zones (its name is kept for when the zone goes); the
    point comes from the geocoder or, approximately, from the zone's centre."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="addresses")
    label = models.CharField(_("label"), max_length=40, blank=True)
    line = models.CharField(_("street address"), max_length=255)
    building = models.CharField(_("building, room"), max_length=100, blank=True)
    zone = models.ForeignKey("catalog.Zone", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    district = models.CharField(_("district"), max_length=100, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    is_approximate = models.BooleanField(default=True, help_text="The point is the district's centre, not a geocode.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]  # the one used last comes first

    def __str__(self) -> str:
        return self.label or self.line

    @property
    def full_line(self) -> str:
        """Street address and building/room, as the worker reads it."""
        return ", ".join(part for part in (self.line, self.building) if part)
