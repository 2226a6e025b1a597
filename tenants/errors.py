"""Error codes of company sign-up and administration."""
from enum import StrEnum


class CompanyError(StrEnum):
    SLUG_TAKEN = "slug_taken"
    SLUG_RESERVED = "slug_reserved"
    DOMAIN_TAKEN = "domain_taken"
    RATE_LIMITED = "rate_limited"
