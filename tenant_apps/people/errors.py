"""Error codes of staff and customers."""
from enum import StrEnum


class PeopleError(StrEnum):
    ALREADY_STAFF = "already_staff"
    LAST_OWNER = "last_owner"
    ALREADY_INVITED = "already_invited"
    INVITATION_ANSWERED = "invitation_answered"
