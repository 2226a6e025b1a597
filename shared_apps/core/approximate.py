"""How a place reads before a worker may know it exactly: coordinates rounded to two decimals, a
cell of about a kilometre (0.01 degrees of latitude is 1.1 km), enough to judge the trip and no
more. Every worker endpoint and page uses this until the task is accepted."""
from __future__ import annotations

from decimal import Decimal

APPROXIMATE_DECIMALS = 2


def approximate_coordinate(value: float | Decimal | None) -> float | None:
    """The coordinate rounded to about a kilometre (None stays None)."""
    if value is None:
        return None
    return round(float(value), APPROXIMATE_DECIMALS)
