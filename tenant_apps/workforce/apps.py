from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    """Workers (profiles: skills, level, services, home base), week templates, dated shifts and time
    off. Company schema."""

    name = "tenant_apps.workforce"
    label = "workforce"
