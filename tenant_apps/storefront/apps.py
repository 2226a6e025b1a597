from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    """The company's branded customer site. Company schema; no tables yet."""

    name = "tenant_apps.storefront"
    label = "storefront"
