from django.apps import AppConfig


class ChangesConfig(AppConfig):
    """The change log: who did what, when and why, written by every write service in its own
    transaction. Listed in both SHARED_APPS and TENANT_APPS, so every schema has its own table: the
    public one holds platform and console actions, each company's holds that company's actions."""

    name = "shared_apps.changes"
    label = "changes"
