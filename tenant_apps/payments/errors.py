"""Error codes of payments."""
from enum import StrEnum


class PaymentSettingsError(StrEnum):
    OWNER_ONLY = "owner_only"


class PaymentError(StrEnum):
    PROVIDER_UNAVAILABLE = "payment_provider_unavailable"
    NOTHING_TO_PAY = "nothing_to_pay"
    METHOD_UNAVAILABLE = "payment_method_unavailable"
    REFUND_TOO_LARGE = "refund_too_large"
    REFUND_OVER_LIMIT = "refund_over_limit"
    FINANCE_ONLY = "finance_only"


class WebhookError(StrEnum):
    MANAGERS_ONLY = "webhook_managers_only"
    URL_REFUSED = "webhook_url_refused"
