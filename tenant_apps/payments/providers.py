"""Which provider account serves this company: the sandbox (the default, and whenever the company
has not gone live), or the company's own or partner account built from its sealed credentials."""
from __future__ import annotations

from django.db import connection
from django_tenants.utils import get_tenant_model

from shared_apps.payment_providers.interface import AccountMode, PaymentProvider, ProviderConfig
from shared_apps.payment_providers.registry import get_provider, sandbox_config

from .models import Method, PaymentSettings
from .selectors import credentials_for

SANDBOX = "sandbox"
# Our method -> the adapter's name.
PROVIDER_OF_METHOD = {Method.WECHAT_PAY: "wechat", Method.ALIPAY: "alipay", Method.UNIONPAY: "unionpay",
                      Method.ON_SITE: "onsite", SANDBOX: SANDBOX}
METHOD_OF_PROVIDER = {provider: method for method, provider in PROVIDER_OF_METHOD.items()}


def company() -> tuple[int, str]:
    """(id, name) of the company whose schema this connection works in (inside schema_context too)."""
    tenant = connection.tenant
    if getattr(tenant, "pk", None) is None:
        tenant = get_tenant_model().objects.only("pk", "name").get(schema_name=connection.schema_name)
    return tenant.pk, tenant.name


def notify_url(*, provider: str) -> str:
    """Where the provider posts its notifications: this company's own host."""
    from django.urls import reverse

    tenant = connection.tenant
    if not hasattr(tenant, "site_url"):
        tenant = get_tenant_model().objects.get(schema_name=connection.schema_name)
    return tenant.site_url + reverse("payments-notify", args=[provider], urlconf="config.urls_tenant")


def uses_sandbox() -> bool:
    row = PaymentSettings.objects.filter(pk=1).only("use_sandbox").first()
    return row is None or row.use_sandbox


def provider_name_for(*, method: str) -> str:
    """The adapter a payment by `method` goes through now."""
    if method == Method.ON_SITE:
        return "onsite"
    return SANDBOX if uses_sandbox() or method == SANDBOX else PROVIDER_OF_METHOD[method]


def config_for(*, provider: str) -> ProviderConfig:
    company_id, name = company()
    if provider == SANDBOX:
        return sandbox_config(company_id=company_id, merchant_name=name)
    method = METHOD_OF_PROVIDER[provider]
    from .models import PaymentMethodSetting

    row = PaymentMethodSetting.objects.filter(method=method).first()
    secrets = credentials_for(method=method)
    return ProviderConfig(
        provider=provider, company_id=company_id, merchant_name=name,
        mode=AccountMode.PARTNER if row is not None and row.mode == "partner" else AccountMode.OWN,
        merchant_id=secrets.get("mchid") or secrets.get("merchant_id") or "",
        app_id=secrets.get("appid") or secrets.get("app_id") or "",
        sub_merchant_id=row.sub_merchant_id if row is not None else "", secrets=secrets)


def adapter_for(*, provider: str) -> PaymentProvider:
    return get_provider(config_for(provider=provider))
