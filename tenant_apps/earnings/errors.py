"""Error codes of earnings and withdrawals."""
from enum import StrEnum


class EarningsError(StrEnum):
    BELOW_MINIMUM = "withdrawal_below_minimum"
    DAILY_LIMIT = "withdrawal_daily_limit"
    NOT_ENOUGH_AVAILABLE = "withdrawal_over_balance"
    NOT_REVIEWABLE = "withdrawal_not_reviewable"
    TRANSFERS_UNAVAILABLE = "transfers_unavailable"
    NOTIFICATION_REJECTED = "notification_rejected"
