"""Error codes of orders."""
from enum import StrEnum


class OrderError(StrEnum):
    ILLEGAL_TRANSITION = "illegal_transition"
    NOT_ALLOWED = "not_allowed"
    FEE_CHANGED = "fee_changed"
    HOLD_MISMATCH = "hold_mismatch"
    HOLD_USED = "hold_used"
    WORKER_BUSY = "worker_busy"
    RESCHEDULE_PENDING = "reschedule_pending"
    NOT_PAYABLE_ON_SITE = "not_payable_on_site"
    ACCOUNT_RESTRICTED = "account_restricted"
    NOTHING_CHANGED = "nothing_changed"
    PLAN_OUTDATED = "plan_outdated"
    DUPLICATE_ORDER = "duplicate_order"
    PAYMENT_UNAVAILABLE = "payment_unavailable"
    NO_LOCATION_EVIDENCE = "no_location_evidence"
    TOO_EARLY_FOR_NO_SHOW = "too_early_for_no_show"
