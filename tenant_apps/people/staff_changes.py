"""Steps other company apps take, in the same transaction, after a staff member joins, leaves, changes
role or starts or stops doing jobs. Apps above people register them in their AppConfig.ready (people
cannot import them): workforce mirrors who is a worker into the public directory, orders frees the
bookings of someone who no longer does jobs."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

Step = Callable[..., None]
_STEPS: list[Step] = []


def after_staff_change(step: Step) -> Step:
    """Register `step(actor=, company=, member=)`; registering the same step twice keeps one."""
    if step not in _STEPS:
        _STEPS.append(step)
    return step


def run_staff_change_steps(*, actor: Any, company: Any, member: Any) -> None:
    """Run every registered step. Expects the caller's transaction (a failing step undoes the change)."""
    for step in list(_STEPS):
        step(actor=actor, company=company, member=member)
