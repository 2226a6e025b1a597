from django.apps import AppConfig


class QualityConfig(AppConfig):
    """Service quality as the company and the platform judge it: the workers' credit scores (computed
    here from visits, ratings and upheld complaints, stored by workforce for dispatch to read) and
    the worker's page that explains their score. Company schema."""

    name = "tenant_apps.quality"
    label = "quality"
