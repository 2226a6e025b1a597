from django.apps import AppConfig


class EarningsConfig(AppConfig):
    """Worker earnings and withdrawals: the company's commission rules, each completed order's
    worker share (pending, then settled), and withdrawal requests with their review and transfer.
    The money itself moves in tenant_apps.ledger. Company schema."""

    name = "tenant_apps.earnings"
    label = "earnings"
