from django.apps import AppConfig


class IdempotencyConfig(AppConfig):
    """Stored first responses of money-moving API calls, by Idempotency-Key. Listed in both
    SHARED_APPS and TENANT_APPS: every schema has its own table, so a key belongs to one company
    (or, in public, to the platform host) and, within it, to one caller."""

    name = "shared_apps.idempotency"
    label = "idempotency"
