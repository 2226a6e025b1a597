"""Working hours from week templates, dated shifts and time off (pure)."""
from datetime import UTC, date, datetime, time

from shared_apps.core.hours import (
    DatedShift,
    LocalClock,
    LocalSpan,
    WeeklyShift,
    WorkingHours,
    intersect,
    merge,
    subtract,
    working_intervals,
)

WEDNESDAY = date(2026, 3, 4)


def as_text(intervals, clock):
    return [f"{clock.local(a):%d %H:%M}-{clock.local(b):%d %H:%M}" for a, b in intervals]


def test_week_template_dated_shifts_and_time_off_make_the_working_time():
    clock = LocalClock("Asia/Shanghai")
    hours = WorkingHours(
        week=(WeeklyShift(3, time(9), time(12)), WeeklyShift(3, time(13), time(18)), WeeklyShift(4, time(9), time(18))),
        dated=(DatedShift(date(2026, 3, 5), time(20), time(23)),),
        time_off=(LocalSpan(WEDNESDAY, WEDNESDAY, time(10), time(11)),),
    )

    found = working_intervals(hours, first_day=WEDNESDAY, last_day=date(2026, 3, 5), clock=clock)

    assert as_text(found, clock) == ["04 09:00-04 10:00", "04 11:00-04 12:00", "04 13:00-04 18:00",
                                     "05 20:00-05 23:00"]


def test_overnight_and_round_the_clock_shifts_join_into_one_interval():
    clock = LocalClock("Asia/Shanghai")
    nights = WorkingHours(week=tuple(WeeklyShift(d, time(0), time(0)) for d in range(1, 8)))

    found = working_intervals(nights, first_day=WEDNESDAY, last_day=date(2026, 3, 6), clock=clock)

    assert as_text(found, clock) == ["03 00:00-07 00:00"]


def test_whole_days_of_time_off_span_dates():
    clock = LocalClock("Asia/Shanghai")
    hours = WorkingHours(week=tuple(WeeklyShift(d, time(9), time(18)) for d in range(1, 8)),
                         time_off=(LocalSpan(WEDNESDAY, date(2026, 3, 5)),))

    found = working_intervals(hours, first_day=WEDNESDAY, last_day=date(2026, 3, 6), clock=clock)

    assert as_text(found, clock) == ["03 09:00-03 18:00", "06 09:00-06 18:00"]


def test_a_wall_clock_time_skipped_in_spring_moves_forward_and_a_repeated_one_is_the_first():
    clock = LocalClock("Europe/Berlin")

    skipped = clock.minute(date(2026, 3, 29), time(2, 30))
    repeated = clock.minute(date(2026, 10, 25), time(2, 30))

    assert datetime.fromtimestamp(skipped * 60, UTC) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # 03:30 CEST
    assert datetime.fromtimestamp(repeated * 60, UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 CEST
    assert clock.day_bounds(date(2026, 3, 29))[1] - clock.day_bounds(date(2026, 3, 29))[0] == 23 * 60
    assert clock.day_bounds(date(2026, 10, 25))[1] - clock.day_bounds(date(2026, 10, 25))[0] == 25 * 60


def test_interval_arithmetic():
    assert merge([(5, 7), (1, 3), (3, 4), (6, 9), (10, 10)]) == [(1, 4), (5, 9)]
    assert subtract([(0, 10), (20, 30)], [(2, 3), (8, 22), (29, 40)]) == [(0, 2), (3, 8), (22, 29)]
    assert intersect([(0, 5), (8, 12)], [(3, 9), (12, 20)]) == [(3, 5), (8, 9), (12, 12)]
