"""Error codes of slots and holds."""
from enum import StrEnum


class SchedulingError(StrEnum):
    SLOT_TAKEN = "slot_taken"
    HOLD_EXPIRED = "hold_expired"
    TOO_MANY_HOLDS = "too_many_holds"
    WORKER_BUSY = "worker_busy"
    ACCOUNT_RESTRICTED = "account_restricted"
