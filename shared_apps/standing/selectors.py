"""Reads of platform scores."""
from __future__ import annotations

from .models import PlatformScore


def platform_score_of(user) -> PlatformScore | None:
    return PlatformScore.objects.filter(user_id=user.pk).first()
