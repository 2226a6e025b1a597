"""Which adapter serves a company's config. settings.PAYMENT_PROVIDERS lists the providers this
deployment enables (default: the sandbox only, in tests and `make run`)."""
from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.utils.module_loading import import_string

from .interface import AccountMode, PaymentProvider, ProviderConfig, ProviderMisconfigured

ADAPTERS = {
    "sandbox": "shared_apps.payment_providers.adapters.sandbox.SandboxProvider",
    "wechat": "shared_apps.payment_providers.adapters.wechat.WeChatPayProvider",
    "alipay": "shared_apps.payment_providers.adapters.alipay.AlipayProvider",
    "unionpay": "shared_apps.payment_providers.adapters.unionpay.UnionPayProvider",
    "onsite": "shared_apps.payment_providers.adapters.onsite.OnSiteProvider",
}


def enabled_providers() -> list[str]:
    return [name for name in settings.PAYMENT_PROVIDERS if name in ADAPTERS]


def get_provider(config: ProviderConfig, *, transport=None) -> PaymentProvider:
    if config.provider not in ADAPTERS:
        raise ProviderMisconfigured(f"unknown payment provider {config.provider!r}")
    if config.provider not in settings.PAYMENT_PROVIDERS:
        raise ProviderMisconfigured(f"payment provider {config.provider!r} is not enabled (PAYMENT_PROVIDERS)")
    return import_string(ADAPTERS[config.provider])(config, transport)


def sandbox_config(*, company_id: int, merchant_name: str = "") -> ProviderConfig:
    """A company's sandbox account until its credentials say otherwise: its merchant id and secret
    are derived from SECRET_KEY and the company id (stable, per company, in no code or table of ours)."""
    secret = hmac.new(settings.SECRET_KEY.encode(), f"sandbox-merchant:{company_id}".encode(),
                      hashlib.sha256).hexdigest()
    return ProviderConfig(provider="sandbox", company_id=company_id, mode=AccountMode.OWN,
                          merchant_id=f"sandbox-{company_id}", merchant_name=merchant_name,
                          secrets={"secret": secret})
