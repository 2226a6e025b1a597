from django.apps import AppConfig


class PaymentProvidersConfig(AppConfig):
    """Payment providers behind one interface (interface.py): WeChat Pay, Alipay, UnionPay, pay on
    site, and the sandbox gateway the tests and `make run` use. Public schema: the sandbox gateway's
    own tables (it plays an outside service, so its rows are the gateway's, not a company's)."""

    name = "shared_apps.payment_providers"
    label = "payment_providers"
    verbose_name = "Payment providers"
