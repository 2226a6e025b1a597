"""Error codes of sign-in and identity."""
from enum import StrEnum


class AccountError(StrEnum):
    INVALID_PHONE = "invalid_phone"
    INVALID_CREDENTIALS = "invalid_credentials"
    CODE_INVALID = "code_invalid"
    CODE_EXPIRED = "code_expired"
    CODE_TOO_MANY_ATTEMPTS = "code_too_many_attempts"
    RATE_LIMITED = "rate_limited"
    ACCOUNT_BANNED = "account_banned"
    ALREADY_REGISTERED = "already_registered"
    TICKET_INVALID = "sign_in_ticket_invalid"
    TICKET_EXPIRED = "sign_in_ticket_expired"
