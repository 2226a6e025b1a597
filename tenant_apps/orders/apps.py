from django.apps import AppConfig


class OrdersConfig(AppConfig):
    """Orders, their timeline of events, reschedule requests and exceptions. Company schema."""

    name = "tenant_apps.orders"
    label = "orders"
