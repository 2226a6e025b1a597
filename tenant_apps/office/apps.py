from django.apps import AppConfig


class OfficeConfig(AppConfig):
    """The company back office: settings, brand, staff pages. Company schema; no tables yet."""

    name = "tenant_apps.office"
    label = "office"
