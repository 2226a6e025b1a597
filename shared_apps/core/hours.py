"""Working hours: a worker's week template, dated shifts and time off, turned into real intervals of
time for the company's time zone. Pure (no Django, no database): the availability engine, the
roster and the worker's schedule all read hours through here.

Times inside are whole minutes since the Unix epoch (UTC), so that comparisons and arithmetic stay
cheap when 200 workers are searched over a month.

Wall-clock rules (the company's time zone, daylight saving included):
- A shift whose end is at or before its start ends on the next day (22:00-06:00; 00:00-00:00 is a
  whole day). Adjacent intervals merge, so a worker on duty around the clock is one long interval.
- A wall-clock time that does not exist (the hour skipped in spring) is read as PEP 495 and
  PostgreSQL read it: moved forward by the gap (02:30 becomes 03:30). A time that happens twice
  (the hour repeated in autumn) is its first occurrence.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MIDNIGHT = time(0, 0)
Interval = tuple[int, int]  # [start, end) in epoch minutes


@dataclass(frozen=True)
class WeeklyShift:
    weekday: int  # ISO: 1 Monday ... 7 Sunday
    start: time
    end: time  # at or before start: the next day


@dataclass(frozen=True)
class DatedShift:
    """Hours on one date that replace the week template there; no times: a day off."""

    day: date
    start: time | None = None
    end: time | None = None


@dataclass(frozen=True)
class LocalSpan:
    """Local wall-clock time from start_day at start_time (None: 00:00) to end_day at end_time (None:
    the end of end_day). Time off and company holidays."""

    start_day: date
    end_day: date
    start_time: time | None = None
    end_time: time | None = None


@dataclass(frozen=True)
class WorkingHours:
    week: tuple[WeeklyShift, ...] = ()
    dated: tuple[DatedShift, ...] = ()
    time_off: tuple[LocalSpan, ...] = ()

    def __hash__(self) -> int:
        # The engine keys its shift windows by hours (workers share them): hashed once, not at every
        # search (a batch of offers asks 200 workers' hours hundreds of times).
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = hash((self.week, self.dated, self.time_off))
            object.__setattr__(self, "_hash", cached)
        return cached


class LocalClock:
    """Wall-clock times of one time zone as epoch minutes, memoised: many workers share the same
    shift times, and a search converts each (date, time) once."""

    def __init__(self, time_zone: str) -> None:
        self.zone = ZoneInfo(time_zone)
        self._minutes: dict[tuple[date, time], int] = {}

    def minute(self, day: date, at: time) -> int:
        key = (day, at)
        value = self._minutes.get(key)
        if value is None:
            value = int(datetime.combine(day, at, tzinfo=self.zone).timestamp()) // 60
            self._minutes[key] = value
        return value

    def instant(self, minute: int) -> datetime:
        """The UTC datetime of an epoch minute."""
        return datetime.fromtimestamp(minute * 60, UTC)

    def local(self, minute: int) -> datetime:
        """The epoch minute in the company's time zone (fold set where the hour repeats)."""
        return datetime.fromtimestamp(minute * 60, self.zone)

    def local_date(self, minute: int) -> date:
        return self.local(minute).date()

    def day_bounds(self, day: date) -> Interval:
        """[start of day, start of the next day): 23 or 25 hours on the days the clocks change."""
        return self.minute(day, MIDNIGHT), self.minute(day + timedelta(days=1), MIDNIGHT)

    def span(self, span: LocalSpan) -> Interval:
        start = self.minute(span.start_day, span.start_time or MIDNIGHT)
        if span.end_time is None:
            end = self.minute(span.end_day + timedelta(days=1), MIDNIGHT)
        else:
            end = self.minute(span.end_day, span.end_time)
        return start, end

    def shift(self, day: date, start: time, end: time) -> Interval:
        """A shift starting on `day`; it ends the next day when `end` is at or before `start`."""
        end_day = day if end > start else day + timedelta(days=1)
        return self.minute(day, start), self.minute(end_day, end)


def epoch_minute(moment: datetime, *, round_up: bool = False) -> int:
    """A timezone-aware datetime as epoch minutes (floored, or rounded up)."""
    seconds = moment.timestamp()
    whole = int(seconds // 60)
    return whole + 1 if round_up and seconds > whole * 60 else whole


def days_between(first: date, last: date) -> Iterable[date]:
    for offset in range((last - first).days + 1):
        yield first + timedelta(days=offset)


def shifts_by_day(hours: WorkingHours, first_day: date, last_day: date) -> dict[date, list[tuple[time, time]]]:
    """The (start, end) wall-clock shifts starting on each day: the dated shifts where there are
    some, the week template elsewhere."""
    week: dict[int, list[tuple[time, time]]] = {}
    for shift in hours.week:
        week.setdefault(shift.weekday, []).append((shift.start, shift.end))
    dated: dict[date, list[tuple[time, time]]] = {}
    for shift in hours.dated:
        day_shifts = dated.setdefault(shift.day, [])
        if shift.start is not None and shift.end is not None:
            day_shifts.append((shift.start, shift.end))
    return {day: dated[day] if day in dated else week.get(day.isoweekday(), [])
            for day in days_between(first_day, last_day)}


def working_intervals(hours: WorkingHours, *, first_day: date, last_day: date, clock: LocalClock,
                      closures: Sequence[Interval] = ()) -> list[Interval]:
    """When the worker works, for shifts starting from the day before `first_day` (an overnight shift
    reaches into it) through `last_day`: merged and sorted, time off and company closures removed."""
    intervals = [
        clock.shift(day, start, end)
        for day, shifts in shifts_by_day(hours, first_day - timedelta(days=1), last_day).items()
        for start, end in shifts
    ]
    removed = [clock.span(span) for span in hours.time_off]
    removed.extend(closures)
    return subtract(merge(intervals), merge(removed))


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, with overlapping and touching intervals joined; empty ones dropped."""
    out: list[list[int]] = []
    for start, end in sorted(i for i in intervals if i[1] > i[0]):
        if out and start <= out[-1][1]:
            if end > out[-1][1]:
                out[-1][1] = end
        else:
            out.append([start, end])
    return [(start, end) for start, end in out]


def subtract(intervals: Sequence[Interval], removed: Sequence[Interval]) -> list[Interval]:
    """`intervals` minus `removed`; both sorted and merged."""
    if not removed:
        return list(intervals)
    out: list[Interval] = []
    j = 0
    for start, end in intervals:
        while j < len(removed) and removed[j][1] <= start:
            j += 1
        k = j
        cursor = start
        while k < len(removed) and removed[k][0] < end:
            r_start, r_end = removed[k]
            if r_start > cursor:
                out.append((cursor, r_start))
            cursor = max(cursor, r_end)
            k += 1
        if cursor < end:
            out.append((cursor, end))
    return out


def intersect(a: Sequence[Interval], b: Sequence[Interval]) -> list[Interval]:
    """Closed intervals [x, y] present in both sorted, disjoint lists."""
    out: list[Interval] = []
    i = j = 0
    while i < len(a) and j < len(b):
        start = max(a[i][0], b[j][0])
        end = min(a[i][1], b[j][1])
        if start <= end:
            out.append((start, end))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out
