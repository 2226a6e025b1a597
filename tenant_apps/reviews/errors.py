"""Error codes of reviews."""
from enum import StrEnum


class ReviewError(StrEnum):
    NOT_ELIGIBLE = "review_not_eligible"
    WINDOW_CLOSED = "review_window_closed"
    ALREADY_REVIEWED = "review_exists"
    STAFF_CANNOT_REVIEW = "review_by_staff"
    EDIT_LOCKED = "review_locked"
    REASON_REQUIRED = "review_reason_required"
    TOO_MANY_PHOTOS = "review_too_many_photos"
    ALREADY_REPLIED = "review_already_replied"
    ALREADY_REPORTED = "review_already_reported"
    ALREADY_HIDDEN = "review_already_hidden"
    NOT_FINISHED = "customer_rating_not_finished"
    ALREADY_RATED = "customer_rating_exists"
