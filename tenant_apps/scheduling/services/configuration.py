"""The company's scheduling settings: slot step, buffers, travel speed, hold length and limit."""
from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shared_apps.accounts.models import User
from shared_apps.core.errors import ValidationFailed

from ..locks import lock_scheduling_settings
from ..models import SchedulingSettings

SETTINGS_FIELDS = ("slot_minutes", "buffer_before_minutes", "buffer_after_minutes", "travel_minutes_per_km",
                   "hold_minutes", "max_holds_per_customer")


def update_scheduling_settings(*, actor: User, changes: dict[str, Any]) -> SchedulingSettings:
    from shared_apps.changes.services import record_change

    with transaction.atomic():
        row = lock_scheduling_settings()
        for name in SETTINGS_FIELDS:
            if name in changes:
                setattr(row, name, changes[name])
        try:
            row.full_clean()
        except ValidationError as exc:
            raise ValidationFailed({k: [str(m) for m in v] for k, v in exc.message_dict.items()}) from None
        row.save()
        record_change(actor=actor, action="scheduling_settings.changed", target_id=None, data=changes)
    return row
