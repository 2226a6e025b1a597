from django.apps import AppConfig


class TenantsConfig(AppConfig):
    """Companies (tenants), their domains and provisioning. Public schema."""

    name = "tenants"

    def ready(self) -> None:
        from . import signals  # noqa: F401
