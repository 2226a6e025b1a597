"""record_change: the one way a write service notes who did what (in the current schema)."""
from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from shared_apps.core.actor import SystemActor

from .models import Change


def _loggable(value: Any) -> Any:
    """JSON-safe copy of the values a change carries (dates, decimals, model rows become text/ids)."""
    if isinstance(value, dict):
        return {str(k): _loggable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_loggable(v) for v in value]
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return getattr(value, "pk", None) if hasattr(value, "pk") else str(value)


def record_change(*, actor: Any, action: str, target_id: int | None = None, data: dict | None = None,
                  reason: str = "") -> Change:
    """Append who did `action` to the current schema's change log. Call it inside the service's
    transaction, so the change and its record commit (or roll back) together."""
    user_id = None if isinstance(actor, SystemActor) else getattr(actor, "pk", None)
    name = str(actor)[:150] if actor is not None else ""
    return Change.objects.create(actor_id=user_id, actor_name=name, action=action, target_id=target_id,
                                 reason=reason or "", data=_loggable(data or {}))
