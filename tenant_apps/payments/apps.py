from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    """How the company is paid: the methods it accepts, its merchant accounts (credentials sealed at
    rest), the deposit policy and sandbox or live. Company schema."""

    name = "tenant_apps.payments"
    label = "payments"
