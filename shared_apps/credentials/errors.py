"""Error codes of credentials, their review and their sharing."""
from enum import StrEnum


class CredentialError(StrEnum):
    INVALID_ID_NUMBER = "invalid_id_number"
    NOT_REVIEWABLE = "credential_not_reviewable"
    FOUR_EYES = "credential_four_eyes"
    NO_PROPOSAL = "credential_no_rejection_proposal"
    NOT_RESUBMITTABLE = "credential_not_resubmittable"
    NOT_YOUR_COMPANY = "credential_not_your_company"
    NOT_SHARED = "credential_not_shared"
    CHECK_RUNNING = "background_check_running"
    CHECK_NOT_DISPUTABLE = "background_check_not_disputable"
    DISPUTE_OPEN = "background_check_dispute_open"
    DISPUTE_DECIDED = "background_check_dispute_decided"
