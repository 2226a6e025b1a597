"""Row locks of reviews (taken after the order's lock when both are needed)."""
from __future__ import annotations

from .models import Review


def lock_review(review_id: int) -> Review:
    return Review.objects.select_for_update().get(pk=review_id)
