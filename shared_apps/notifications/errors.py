"""Error codes of notifications."""
from enum import StrEnum


class NotificationError(StrEnum):
    NOT_FOUND = "not_found"
