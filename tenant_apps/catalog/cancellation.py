"""Cancellation policies: what cancelling a visit costs, by the notice given and by whether the worker
is already on the way (pure; the tiers come from CancellationTier rows through the selectors)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .money import percent_of


@dataclass(frozen=True)
class CancellationTierTerms:
    hours_before: int | None  # None: once the worker is on the way
    percent_bp: int = 0
    amount: int = 0

    @property
    def on_the_way(self) -> bool:
        return self.hours_before is None


@dataclass(frozen=True)
class CancellationWindow:
    """While cancelling between `begins` (None: any time before) and `ends`, the fee is `fee`.
    The on-the-way window has no times."""

    tier: CancellationTierTerms
    fee: int
    begins: datetime | None = None
    ends: datetime | None = None


def cancellation_fee(*, tiers: tuple[CancellationTierTerms, ...], total: int, start: datetime,
                     cancelled_at: datetime, worker_on_the_way: bool = False) -> int:
    """The fee for cancelling a visit at `start` (priced `total`) at `cancelled_at`.

    The time tier with the largest `hours_before` that still leaves at least that much notice
    applies; with less notice than every tier, the tier nearest the visit. Once the worker is on
    the way, the on-the-way tier applies if it costs more. No tiers: free.
    """
    time_tiers = sorted((t for t in tiers if not t.on_the_way), key=lambda t: t.hours_before, reverse=True)
    notice = start - cancelled_at
    fee = 0
    if time_tiers:
        tier = next((t for t in time_tiers if notice >= timedelta(hours=t.hours_before)), time_tiers[-1])
        fee = _tier_fee(tier, total)
    if worker_on_the_way:
        fee = max([fee] + [_tier_fee(t, total) for t in tiers if t.on_the_way])
    return fee


def cancellation_schedule(*, tiers: tuple[CancellationTierTerms, ...], total: int, start: datetime,
                          now: datetime | None = None) -> tuple[CancellationWindow, ...]:
    """The policy as the customer reads it before booking: what cancelling costs, and until when.

    With `now`, only what is still ahead: a window that has ended is left out, and one that has
    begun reads "until its end" (a visit in three hours has no "free until 24 h before")."""
    time_tiers = sorted((t for t in tiers if not t.on_the_way), key=lambda t: t.hours_before, reverse=True)
    windows = []
    begins = None
    for index, tier in enumerate(time_tiers):
        last = index == len(time_tiers) - 1
        ends = start if last else start - timedelta(hours=tier.hours_before)
        windows.append(CancellationWindow(tier=tier, fee=_tier_fee(tier, total), begins=begins, ends=ends))
        begins = ends
    if now is not None:
        windows = [w if w.begins is None or w.begins > now else CancellationWindow(tier=w.tier, fee=w.fee, ends=w.ends)
                   for w in windows if w.ends > now]
    windows.extend(CancellationWindow(tier=t, fee=_tier_fee(t, total)) for t in tiers if t.on_the_way)
    return tuple(windows)


def _tier_fee(tier: CancellationTierTerms, total: int) -> int:
    fee = percent_of(max(total, 0), tier.percent_bp) + tier.amount
    return min(fee, total) if total > 0 else fee  # never more than the order costs
