"""The Django project package (named config/, not platform/: see README and DESIGN §2)."""
from .celery import app as celery_app

__all__ = ["celery_app"]
