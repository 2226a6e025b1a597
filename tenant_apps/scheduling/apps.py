from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    """Availability (free slots), holds and assignments of workers to visits; the exclusion
    constraint that makes double booking impossible. Company schema."""

    name = "tenant_apps.scheduling"
    label = "scheduling"
