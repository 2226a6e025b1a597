"""The Celery app. Tasks carry the sending company's schema and run inside it (tenant-schemas-celery)."""
import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = CeleryApp("doorstep")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
