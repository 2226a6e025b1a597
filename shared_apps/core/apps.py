from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Cross-cutting code (errors, actors, permissions, health, logging). Public schema; no tables."""

    name = "shared_apps.core"
    label = "core"
