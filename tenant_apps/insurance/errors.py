"""Error codes of visit insurance."""
from enum import StrEnum


class InsuranceError(StrEnum):
    NO_POLICY = "no_policy"
    CLAIM_DEADLINE_PASSED = "claim_deadline_passed"
    INSURER_UNAVAILABLE = "insurer_unavailable"
