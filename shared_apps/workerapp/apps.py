from django.apps import AppConfig


class WorkerAppConfig(AppConfig):
    """The one worker app (PWA) for every company, on the platform host (P3). Public schema."""

    name = "shared_apps.workerapp"
    label = "workerapp"
