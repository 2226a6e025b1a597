"""Reads of the change log of the current schema."""
from __future__ import annotations

from django.db.models import QuerySet

from .models import Change


def changes_of(*, action_prefix: str, target_id: int | None = None) -> QuerySet[Change]:
    """The changes whose action starts with `action_prefix` ("company."), newest first."""
    qs = Change.objects.filter(action__startswith=action_prefix).select_related("actor")
    return qs.filter(target_id=target_id) if target_id is not None else qs
