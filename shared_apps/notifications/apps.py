from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """The in-app inbox of every user and the outbox that delivers notifications (in-app, SMS, email)
    after commit. Public schema: rows carry (company_id, schema_name), never a key into a company."""

    name = "shared_apps.notifications"
    label = "notifications"
