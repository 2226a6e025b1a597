"""Companies (one PostgreSQL schema each), their host names, and who belongs to which company."""
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

from shared_apps.core.storage import CompanyUploadPath

color_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour such as #1a7f64."))


class Vertical(models.TextChoices):
    HOUSEKEEPING = "housekeeping", _("Housekeeping")
    REPAIRS = "repairs", _("Repairs")
    MOVING = "moving", _("Moving")
    RECYCLING = "recycling", _("Recycling")


class CompanyStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")


class Company(TenantMixin):
    """A home-service company: its own schema, site and brand. The public schema's row is the platform."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("subdomain"), max_length=63, unique=True)
    vertical = models.CharField(max_length=20, choices=Vertical.choices, default=Vertical.HOUSEKEEPING)
    status = models.CharField(max_length=20, choices=CompanyStatus.choices, default=CompanyStatus.ACTIVE)
    logo = models.ImageField(upload_to=CompanyUploadPath("brand"), blank=True)
    primary_color = models.CharField(max_length=7, default="#1a7f64", validators=[color_validator])
    accent_color = models.CharField(max_length=7, default="#f2a900", validators=[color_validator])
    default_language = models.CharField(max_length=10, choices=settings.LANGUAGES, default="en")
    time_zone = models.CharField(max_length=64, default="Asia/Shanghai")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # Schemas are provisioned by tenants.provisioning (clone or spare), never by save().
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"

    def __str__(self) -> str:
        return self.name

    @property
    def is_platform(self) -> bool:
        return self.schema_name == settings.PUBLIC_SCHEMA_NAME

    @property
    def is_suspended(self) -> bool:
        return self.status == CompanyStatus.SUSPENDED

    @property
    def site_url(self) -> str:
        return site_url(f"{self.slug}.{settings.PLATFORM_DOMAIN}")


class Domain(DomainMixin):
    """A host name that serves a company: its subdomain (primary) or a custom domain."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


class SpareSchema(models.Model):
    """A schema cloned ahead of time from the template; sign-up renames one instead of cloning."""

    schema_name = models.CharField(max_length=63, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.schema_name


class StaffRole(models.TextChoices):
    """A staff member's role: StaffMember.role in the company schema, mirrored in Affiliation.role."""

    OWNER = "owner", _("Owner")
    ADMIN = "admin", _("Admin")
    DISPATCHER = "dispatcher", _("Dispatcher")
    FINANCE = "finance", _("Finance")
    WORKER = "worker", _("Worker")


class AffiliationKind(models.TextChoices):
    STAFF = "staff", _("Staff")
    CUSTOMER = "customer", _("Customer")
    INVITATION = "invitation", _("Invitation")  # pending: local_id is the StaffInvitation
    # Does jobs: an active staff member (of any role, owners included) with an active worker profile.
    # Mirrors the company's one definition (workforce.models.ACTIVE_WORKER); the worker app lists these.
    WORKER = "worker", _("Worker")


class Affiliation(models.Model):
    """Public directory of which companies a user belongs to, so the worker app and login need not
    scan every schema. The company schema's StaffMember / Customer row is the truth; this mirrors
    it as (company, local id), never as a foreign key into a company schema."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="affiliations")
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="affiliations")
    kind = models.CharField(max_length=10, choices=AffiliationKind.choices)
    role = models.CharField(max_length=20, blank=True)
    local_id = models.BigIntegerField()
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["company_id", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "company", "kind"], name="one_affiliation_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.company_id} {self.kind} {self.role}"


def site_url(host: str) -> str:
    port = settings.PLATFORM_URL_PORT
    default_port = {"http": "80", "https": "443"}[settings.PLATFORM_URL_SCHEME]
    suffix = f":{port}" if port and port != default_port else ""
    return f"{settings.PLATFORM_URL_SCHEME}://{host}{suffix}"
