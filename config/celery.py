"""The Celery app. Tasks carry the sending company's schema and run inside it (tenant-schemas-celery)."""
import os

from celery.signals import task_prerun
from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = CeleryApp("doorstep")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
def _tag_error_reports_with_schema(**kwargs) -> None:
    """Sentry events from a task name the company whose schema the task ran in."""
    import sentry_sdk
    from django.db import connection

    sentry_sdk.set_tag("tenant", connection.schema_name)
