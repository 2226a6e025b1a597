"""Cancellation policies: the fee by notice and by the worker being on the way, and how it is shown."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tenant_apps.catalog.cancellation import CancellationTierTerms, cancellation_fee, cancellation_schedule

START = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
STANDARD = (
    CancellationTierTerms(hours_before=24, percent_bp=0),
    CancellationTierTerms(hours_before=2, percent_bp=2000),
    CancellationTierTerms(hours_before=0, percent_bp=5000),
    CancellationTierTerms(hours_before=None, amount=3000),
)


@pytest.mark.parametrize(
    ("hours_before", "on_the_way", "fee"),
    [
        (48, False, 0),
        (24, False, 0),
        (23.9, False, 2000),
        (2, False, 2000),
        (1, False, 5000),
        (0, False, 5000),
        (-1, False, 5000),  # after the start
        (30, True, 3000),  # on the way: the fixed fee, when it is more
        (1, True, 5000),  # the time tier costs more
    ],
)
def test_fee_follows_the_tier_for_the_notice_given(hours_before, on_the_way, fee):
    assert cancellation_fee(tiers=STANDARD, total=10000, start=START,
                            cancelled_at=START - timedelta(hours=hours_before), worker_on_the_way=on_the_way) == fee


def test_the_tier_nearest_the_visit_covers_later_cancellations():
    tiers = (CancellationTierTerms(hours_before=24, percent_bp=0), CancellationTierTerms(hours_before=4,
                                                                                          percent_bp=3000))
    assert cancellation_fee(tiers=tiers, total=10000, start=START, cancelled_at=START - timedelta(hours=1)) == 3000


def test_no_policy_means_free_cancellation():
    assert cancellation_fee(tiers=(), total=10000, start=START, cancelled_at=START, worker_on_the_way=True) == 0


def test_a_fee_never_exceeds_the_order_total():
    tiers = (CancellationTierTerms(hours_before=0, percent_bp=5000, amount=9000),)
    assert cancellation_fee(tiers=tiers, total=10000, start=START, cancelled_at=START) == 10000


def test_schedule_shows_each_fee_with_its_deadlines():
    windows = cancellation_schedule(tiers=STANDARD, total=10000, start=START)

    assert [(w.begins, w.ends, w.fee) for w in windows] == [
        (None, START - timedelta(hours=24), 0),
        (START - timedelta(hours=24), START - timedelta(hours=2), 2000),
        (START - timedelta(hours=2), START, 5000),
        (None, None, 3000),
    ]
    assert windows[-1].tier.on_the_way


def test_schedule_lists_only_windows_still_ahead():
    # three hours before the visit: "free until 24 h before" is over, the 20% window has begun
    windows = cancellation_schedule(tiers=STANDARD, total=10000, start=START, now=START - timedelta(hours=3))

    assert [(w.begins, w.ends, w.fee) for w in windows] == [
        (None, START - timedelta(hours=2), 2000),
        (START - timedelta(hours=2), START, 5000),
        (None, None, 3000),
    ]
    # an hour before: only the last window and the on-the-way fee
    last = cancellation_schedule(tiers=STANDARD, total=10000, start=START, now=START - timedelta(hours=1))
    assert [(w.begins, w.ends, w.fee) for w in last] == [(None, START, 5000), (None, None, 3000)]
