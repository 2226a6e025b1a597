"""Error codes of payment settings."""
from enum import StrEnum


class PaymentSettingsError(StrEnum):
    OWNER_ONLY = "owner_only"
