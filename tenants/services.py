"""Company sign-up (P1), branding, custom domains and suspension."""
from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from shared_apps.accounts.models import User
from shared_apps.accounts.services import ClientInfo, register_or_confirm_user
from shared_apps.changes.services import record_change
from shared_apps.core import ratelimit
from shared_apps.core.errors import DomainError, ValidationFailed

from . import hosts
from .errors import CompanyError
from .locks import lock_company
from .models import Company, CompanyStatus, Domain, Vertical
from .provisioning import create_company_schema
from .setup import run_company_setup

# The schema is "c_" + slug and PostgreSQL names hold 63 bytes, so a slug has at most 61 characters.
SLUG_MAX_LENGTH = 61
MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_REASON = 500
BRANDING_FIELDS = ("name", "primary_color", "accent_color", "default_language", "logo")
SLUG_PATTERN = re.compile(rf"^[a-z0-9](?:[a-z0-9-]{{0,{SLUG_MAX_LENGTH - 2}}}[a-z0-9])?$")
RESERVED_SLUGS = frozenset(
    """www api app admin console static media assets cdn mail smtp imap pop ftp ns ns1 ns2 dns
    worker workers help support status docs blog about login signup auth account accounts billing
    platform public template spare doorstep dev test staging prod localhost""".split()
)


@dataclass(frozen=True)
class OwnerInput:
    phone: str | None
    email: str | None
    password: str
    name: str = ""


@dataclass(frozen=True)
class CompanySignUp:
    company: Company
    owner: User

    @property
    def site_url(self) -> str:
        return self.company.site_url


def check_slug(slug: str) -> str:
    slug = (slug or "").strip().lower()
    if not slug:
        raise ValidationFailed({"slug": [_("Choose a subdomain for your site.")]})
    if len(slug) < 3 or not SLUG_PATTERN.match(slug) or "--" in slug:
        raise ValidationFailed(
            {"slug": [_("Use 3-%(max)s lowercase letters, digits and single hyphens, not at either end.")
                      % {"max": SLUG_MAX_LENGTH}]}
        )
    if slug in RESERVED_SLUGS:
        raise DomainError(
            CompanyError.SLUG_RESERVED, _("This subdomain is reserved."),
            fields={"slug": [_("This subdomain is reserved. Choose another.")]},
        )
    if Company.objects.filter(slug=slug).exists():
        raise DomainError(
            CompanyError.SLUG_TAKEN, _("This subdomain is taken."),
            fields={"slug": [_("This subdomain is taken. Choose another.")]},
        )
    return slug


def schema_name_for(slug: str) -> str:
    return "c_" + slug.replace("-", "_")


def sign_up_company(
    *, name: str, slug: str, owner: OwnerInput, vertical: str = Vertical.HOUSEKEEPING,
    language: str | None = None, client: ClientInfo | None = None,
) -> CompanySignUp:
    """Create a company with its schema (a clone of the template), its subdomain and its owner,
    then run the tenant apps' set-up steps (settings.COMPANY_SETUP_STEPS) inside the new schema.

    All or nothing: the schema rename/clone runs in the same transaction as the rows.
    """
    if client is not None and not ratelimit.hit(
        f"signup:ip:{client.ip}", limit=settings.COMPANY_SIGNUPS_PER_IP_PER_HOUR, window_seconds=3600
    ):
        raise DomainError(CompanyError.RATE_LIMITED, _("Too many sign-ups from your network. Try again later."),
                          status=429)
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = [_("Give your company's name.")]
    elif len(name) > 100:
        errors["name"] = [_("Use at most 100 characters.")]
    if vertical not in Vertical.values:
        errors["vertical"] = [_("Choose one of: %(choices)s.") % {"choices": ", ".join(Vertical.values)}]
    try:
        slug = check_slug(slug)
    except DomainError as exc:
        errors.update(exc.fields)
    if errors:
        raise ValidationFailed(errors)

    with transaction.atomic():
        owner_user = register_or_confirm_user(
            phone=owner.phone, email=owner.email, password=owner.password, name=owner.name, field_prefix="owner."
        )
        company = Company(
            name=name, slug=slug, schema_name=schema_name_for(slug), vertical=vertical,
            default_language=language if language in dict(settings.LANGUAGES) else "en",
        )
        company.save()
        Domain.objects.create(domain=f"{slug}.{settings.PLATFORM_DOMAIN}", tenant=company, is_primary=True)
        create_company_schema(company.schema_name)
        with schema_context(company.schema_name):
            run_company_setup(actor=owner_user, company=company)  # the owner's staff row, the starter catalog
    return CompanySignUp(company=company, owner=owner_user)


def update_branding(
    *, actor: User, company: Company, name: str | None = None, primary_color: str | None = None,
    accent_color: str | None = None, default_language: str | None = None, logo: File | None = None,
) -> Company:
    with transaction.atomic():
        company = lock_company(company.pk)
        before = {f: getattr(company, f) for f in BRANDING_FIELDS}
        company = _apply_branding(company, name, primary_color, accent_color, default_language, logo)
        changed = {f: str(getattr(company, f)) for f in BRANDING_FIELDS if getattr(company, f) != before[f]}
        record_change(actor=actor, action="company.branding_changed", target_id=company.pk, data=changed)
    hosts.forget_company(company)
    return company


def _apply_branding(company, name, primary_color, accent_color, default_language, logo) -> Company:
    if name is not None:
        company.name = name.strip()
    if primary_color is not None:
        company.primary_color = primary_color
    if accent_color is not None:
        company.accent_color = accent_color
    if default_language is not None:
        company.default_language = default_language
    if logo is not None:
        if logo.size > MAX_LOGO_BYTES:
            raise ValidationFailed({"logo": [_("Use an image of at most 2 MB.")]})
        company.logo = logo
    try:
        company.full_clean(exclude=["schema_name", "slug"])
    except ValidationError as exc:
        raise ValidationFailed(exc.message_dict) from None
    company.save()
    return company


def add_custom_domain(*, actor: User, company: Company, domain: str) -> Domain:
    """Add a domain the company's site answers on (recorded in the company's change log)."""
    domain = (domain or "").strip().lower().rstrip(".")
    if not re.match(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", domain):
        raise ValidationFailed({"domain": [_("Enter a host name such as booking.example.com.")]})
    if domain.endswith("." + settings.PLATFORM_DOMAIN) or domain == settings.PLATFORM_DOMAIN:
        raise ValidationFailed({"domain": [_("Use your own domain; subdomains of the platform are assigned.")]})
    with transaction.atomic():
        if Domain.objects.filter(domain=domain).exists():
            raise DomainError(CompanyError.DOMAIN_TAKEN, _("This domain is in use."),
                              fields={"domain": [_("This domain is in use.")]})
        row = Domain.objects.create(domain=domain, tenant=company, is_primary=False)
        record_change(actor=actor, action="company.domain_added", target_id=company.pk, data={"domain": domain})
    return row


def set_company_status(*, actor: User, company: Company, status: str, reason: str = "") -> Company:
    """Suspend (a reason is required) or reactivate a company; who, when and why go to the platform's
    change log (the public schema's), in the same transaction."""
    reason = (reason or "").strip()
    if status not in CompanyStatus.values:
        raise ValidationFailed({"status": [_("Unknown status.")]})
    if company.is_platform:
        raise ValidationFailed({"status": [_("The platform itself cannot be suspended.")]})
    if status == CompanyStatus.SUSPENDED and not reason:
        raise ValidationFailed({"reason": [_("Say why the company is suspended.")]})
    if len(reason) > MAX_REASON:
        raise ValidationFailed({"reason": [_("Use at most %(max)s characters.") % {"max": MAX_REASON}]})
    with schema_context(get_public_schema_name()), transaction.atomic():
        company = lock_company(company.pk)
        before = company.status
        company.status = status
        company.save(update_fields=["status", "updated_at"])
        record_change(actor=actor, action=f"company.{status}", target_id=company.pk, reason=reason,
                      data={"from": before, "to": status})
    hosts.forget_company(company)
    return company
