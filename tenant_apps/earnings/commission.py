"""The worker's share of an order by the company's commission rules: a pure function of the rules."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Share:
    kind: str  # "percent" or "fixed"
    percent: int | None = None
    fixed: int | None = None

    def of(self, total: int) -> int:
        """Fen the worker keeps of an order of `total` fen; never more than the order (rounded down)."""
        amount = total * (self.percent or 0) // 100 if self.kind == "percent" else (self.fixed or 0)
        return max(0, min(amount, max(total, 0)))


@dataclass(frozen=True)
class Rule:
    service_id: int | None
    worker_level: int | None
    share: Share


def share_rule_for(*, rules: Iterable[Rule], default: Share, service_id: int | None,
                   worker_level: int | None) -> Share:
    """The most specific rule: service and level, then the service's, then the level's, else the default."""
    by_key = {(rule.service_id, rule.worker_level): rule.share for rule in rules}
    for key in ((service_id, worker_level), (service_id, None), (None, worker_level)):
        if key != (None, None) and key in by_key:
            return by_key[key]
    return default
