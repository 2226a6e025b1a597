"""Who did something: a user, or the system (beat, tasks). Services take one; events record it."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SystemActor:
    """The platform acting on its own (a periodic job, a timeout)."""

    name: str = "system"
    pk: None = None
    is_authenticated: bool = True

    def __str__(self) -> str:
        return self.name


SYSTEM = SystemActor()
