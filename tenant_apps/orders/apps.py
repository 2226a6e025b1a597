from django.apps import AppConfig


class OrdersConfig(AppConfig):
    """Orders, their timeline of events, reschedule requests and exceptions. Company schema."""

    name = "tenant_apps.orders"
    label = "orders"

    def ready(self) -> None:
        from tenant_apps.people.staff_changes import after_staff_change

        from .services.dispatch import release_bookings_of_leaving_worker

        after_staff_change(release_bookings_of_leaving_worker)

        from tenant_apps.payments.steps import after_payment_settled, after_refund_requested, order_lock

        from .locks import lock_order_if_any
        from .services.payment import order_paid_by, order_refunded_by

        order_lock(lock_order_if_any)
        after_payment_settled(order_paid_by)
        after_refund_requested(order_refunded_by)
