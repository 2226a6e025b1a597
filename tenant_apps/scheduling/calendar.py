"""Slots as JSON-ready data in the company's time zone: the body of the slots endpoint and the fresh
slots that ride along with a slot_taken error."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from .engine import DaySlots


def days_data(days: Sequence[DaySlots], *, time_zone: str, with_workers: bool = False) -> list[dict[str, Any]]:
    zone = ZoneInfo(time_zone)
    out = []
    for day in days:
        slots = []
        for slot in day.slots:
            item: dict[str, Any] = {"start": slot.start.astimezone(zone).isoformat(),
                                    "end": slot.end.astimezone(zone).isoformat(), "available": slot.available}
            if with_workers:
                item["workers"] = list(slot.workers)
            slots.append(item)
        out.append({"date": day.day.isoformat(), "slots": slots})
    return out
