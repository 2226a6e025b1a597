from django.apps import AppConfig


class OrdersConfig(AppConfig):
    """Orders, their timeline of events, reschedule requests and exceptions. Company schema."""

    name = "tenant_apps.orders"
    label = "orders"

    def ready(self) -> None:
        from tenant_apps.people.staff_changes import after_staff_change

        from .services.dispatch import release_bookings_of_leaving_worker

        after_staff_change(release_bookings_of_leaving_worker)
