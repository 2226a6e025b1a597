from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    """The platform operator's console (P4) on the platform host. Public schema; no tables yet."""

    name = "shared_apps.console"
    label = "console"
