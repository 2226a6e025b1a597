from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo companies for development (`manage.py seed_demo`, `make run`). No tables.

    Seeding builds people, workers, shifts and catalog rows with each app's services, so it sits
    above every tenant app (and `tenants` stays free of tenant-app imports).
    """

    name = "tenant_apps.demo"
    label = "demo"
