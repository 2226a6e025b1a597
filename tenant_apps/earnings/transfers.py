"""Which provider pays workers out for this company, and the URL its notifications come back to."""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from shared_apps.core.errors import DomainError
from shared_apps.payment_providers.interface import PaymentProvider
from shared_apps.payment_providers.registry import get_provider, sandbox_config
from tenant_apps.catalog.selectors import current_company
from tenant_apps.payments.selectors import payment_settings_state
from tenants.models import site_url

from .errors import EarningsError


@dataclass(frozen=True)
class TransferProvider:
    name: str
    provider: PaymentProvider

    def transfer(self, request):
        return self.provider.transfer(request)


def transfer_provider() -> TransferProvider:
    """The sandbox while the company is in sandbox mode (the default). Live transfers need the
    providers' certificate-mode credentials (docs/decisions.md): refused with a clear error until then."""
    company = current_company()
    if not payment_settings_state().use_sandbox:
        raise DomainError(EarningsError.TRANSFERS_UNAVAILABLE,
                          _("Payouts through live providers are not available yet; switch payments to the sandbox "
                            "or pay this worker outside Doorstep and reject the request with a note."), status=409)
    config = sandbox_config(company_id=company.pk, merchant_name=company.name)
    return TransferProvider(name=config.provider, provider=get_provider(config))


def notification_provider(name: str) -> PaymentProvider:
    """The provider adapter that verifies this company's transfer notifications."""
    company = current_company()
    if name != "sandbox":
        raise DomainError("not_found", _("No such provider."), status=404)
    return get_provider(sandbox_config(company_id=company.pk, merchant_name=company.name))


def transfer_notify_url() -> str:
    """Where the provider posts this company's transfer notifications (its own host)."""
    company = current_company()
    return site_url(f"{company.slug}.{settings.PLATFORM_DOMAIN}") + reverse(
        "earnings-transfer-notify", args=["sandbox"], urlconf="config.urls_tenant")
