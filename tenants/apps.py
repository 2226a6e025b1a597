from django.apps import AppConfig


class TenantsConfig(AppConfig):
    """Companies (tenants), their domains and provisioning. Public schema."""

    name = "tenants"

    def ready(self) -> None:
        from . import setup, signals  # noqa: F401  (setup registers its system check)
