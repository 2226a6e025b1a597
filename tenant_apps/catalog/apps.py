from django.apps import AppConfig


class CatalogConfig(AppConfig):
    """A company's catalog (categories, services, variants, add-ons), its price rules and quotes.
    Company schema."""

    name = "tenant_apps.catalog"
    label = "catalog"
