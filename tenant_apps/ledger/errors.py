"""Error codes of the ledger."""
from enum import StrEnum


class LedgerError(StrEnum):
    INSUFFICIENT_BALANCE = "insufficient_balance"
    EVENT_KEY_REUSED = "event_key_reused"
