"""The availability engine: for a job (duration, crew, address, lead time) and the company's workers
(working hours, existing commitments, home base), the start times at which the job can be done, and
by whom. Pure: plain dataclasses in, slots out; no ORM, no clock, no I/O except through the travel
provider it is given. `selectors.availability_search` builds its input from the database.

A worker can start the job at s when
- the job [s, s + duration) lies inside their working hours (shifts minus time off and company
  holidays), in the company's time zone;
- the job's blocked range [s - buffer before, s + duration + buffer after) keeps clear of every
  commitment by at least the travel time between the two addresses (from the previous job to this
  one, and from this one to the next);
- the address is within their service radius of home (when they have one);
- the first job of a shift starts no earlier than the shift's start plus the travel from their home
  base (when they have one): the shift begins when they leave home, so a far home base moves their
  first slot later; after an earlier job in the same shift they travel from that job instead;
- now + the service's lead time <= s <= now + the booking horizon.
A crew job needs `crew_size` workers free at the same s. Start times lie on the company's grid of
wall-clock times (every slot_minutes from local midnight): on the night the clocks go back the
repeated times are offered twice, as two different moments; the skipped hour in spring has none.

Inside, times are whole epoch minutes (see shared_apps.core.hours), so that a month of 200 workers with
thousands of commitments is a few tens of thousands of integer operations.
"""
from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from shared_apps.core.geo import GeoPoint, distance_m
from shared_apps.core.hours import (
    Interval,
    LocalClock,
    LocalSpan,
    WorkingHours,
    days_between,
    epoch_minute,
    intersect,
    merge,
    working_intervals,
)

from .travel import Point, TravelTimeProvider

FAR = 2**62  # beyond any commitment: the open ends of a worker's free time
NO_TRAVEL = (0, 0)


class Commitment(NamedTuple):
    """Something a worker already does: its blocked range (buffers included) in epoch minutes, and
    where it is. A named tuple: a month of a big company is thousands of them. `between` takes
    datetimes."""

    start: int
    end: int
    location: Point | None = None

    @classmethod
    def between(cls, start: datetime, end: datetime, location: Point | None = None) -> Commitment:
        return cls(epoch_minute(start), epoch_minute(end, round_up=True), location)


@dataclass(frozen=True)
class WorkerCalendar:
    id: int
    hours: WorkingHours
    commitments: tuple[Commitment, ...] = ()
    home: GeoPoint | None = None
    radius_m: float | None = None
    level: int = 1


@dataclass(frozen=True)
class Job:
    duration_minutes: int
    crew_size: int = 1
    location: GeoPoint | None = None
    lead_minutes: int = 0


@dataclass(frozen=True)
class Rules:
    time_zone: str
    slot_minutes: int = 30
    buffer_before_minutes: int = 0
    buffer_after_minutes: int = 0
    horizon_days: int = 60


@dataclass(frozen=True)
class Search:
    """Everything one availability question needs."""

    job: Job
    rules: Rules
    workers: tuple[WorkerCalendar, ...]
    now: datetime
    travel: TravelTimeProvider
    holidays: tuple[LocalSpan, ...] = ()


@dataclass(frozen=True)
class Slot:
    start: datetime  # UTC
    end: datetime
    available: int  # how many workers could take it
    workers: tuple[int, ...] = ()  # who, best first (only when asked for)


@dataclass(frozen=True)
class DaySlots:
    day: date  # a date in the company's time zone
    slots: tuple[Slot, ...]


def find_slots(search: Search, *, first_day: date, last_day: date, with_workers: bool = False) -> list[DaySlots]:
    """The start times from `first_day` to `last_day` (company dates) at which enough workers are
    free, day by day (days without slots included)."""
    clock = LocalClock(search.rules.time_zone)
    grid = slot_grid(clock, first_day, last_day, search.rules.slot_minutes)
    minutes = [minute for minute, _day in grid]
    counts = [0] * (len(grid) + 1)
    spans: list[tuple[int, int, int]] = []
    for worker_id, windows in allowed_starts(search, clock, first_day, last_day).items():
        for a, b in windows:
            i, j = bisect_left(minutes, a), bisect_right(minutes, b)
            if i < j:
                counts[i] += 1
                counts[j] -= 1
                spans.append((worker_id, i, j))
    crew = search.job.crew_size
    running = 0
    for index in range(len(grid)):
        running += counts[index]
        counts[index] = running
    who: dict[int, list[int]] = {}
    if with_workers:
        for worker_id, i, j in spans:  # spans come in the workers' order of preference
            for k in range(i, j):
                if counts[k] >= crew:
                    who.setdefault(k, []).append(worker_id)
    duration = timedelta(minutes=search.job.duration_minutes)
    by_day: dict[date, list[Slot]] = {day: [] for day in days_between(first_day, last_day)}
    for index, (minute, day) in enumerate(grid):
        if counts[index] >= crew:
            start = clock.instant(minute)
            by_day[day].append(Slot(start=start, end=start + duration, available=counts[index],
                                    workers=tuple(who.get(index, ()))))
    return [DaySlots(day=day, slots=tuple(slots)) for day, slots in by_day.items()]


def free_workers_at(search: Search, *, start: datetime) -> list[int]:
    """The workers who could do the job starting exactly at `start`, best first (empty when `start`
    is not on the company's grid)."""
    if not is_on_grid(start, time_zone=search.rules.time_zone, slot_minutes=search.rules.slot_minutes):
        return []
    clock = LocalClock(search.rules.time_zone)
    minute = epoch_minute(start)
    day = clock.local_date(minute)
    return [worker_id for worker_id, windows in allowed_starts(search, clock, day, day, only=minute).items()
            if any(a <= minute <= b for a, b in windows)]


def is_on_grid(start: datetime, *, time_zone: str, slot_minutes: int) -> bool:
    clock = LocalClock(time_zone)
    minute = epoch_minute(start)
    if start.timestamp() != minute * 60:
        return False
    day = clock.local_date(minute)
    return any(m == minute for m, _day in slot_grid(clock, day, day, slot_minutes))


def slot_grid(clock: LocalClock, first_day: date, last_day: date, step: int) -> tuple[tuple[int, date], ...]:
    """Every moment whose wall-clock time is on the grid (a multiple of `step` minutes after local
    midnight), with its local date, in order: twice for a repeated time, never for a skipped one."""
    return _grid(clock.zone.key, first_day, last_day, step)


@functools.lru_cache(maxsize=512)
def _grid(time_zone: str, first_day: date, last_day: date, step: int) -> tuple[tuple[int, date], ...]:
    """slot_grid, remembered: the same month is asked for again and again (a pure function of its
    arguments; the time zone rules are the process's tzdata)."""
    zone = ZoneInfo(time_zone)
    out: list[tuple[int, date]] = []
    for day in days_between(first_day, last_day):
        for offset in range(0, 24 * 60, step):
            naive = datetime.combine(day, time(offset // 60, offset % 60))
            previous = None
            for fold in (0, 1):
                minute = int(naive.replace(tzinfo=zone, fold=fold).timestamp()) // 60
                if minute == previous:
                    continue
                previous = minute
                if datetime.fromtimestamp(minute * 60, zone).replace(tzinfo=None) == naive:
                    out.append((minute, day))
    out.sort()
    return tuple(out)


def allowed_starts(search: Search, clock: LocalClock, first_day: date, last_day: date, *,
                   only: int | None = None) -> dict[int, list[Interval]]:
    """For each worker who could do the job at some time in the range: the closed windows [a, b] of
    epoch minutes in which the job may start. Workers come best first (higher level, then id).
    `only`: one start (epoch minute) is asked about: the range shrinks to it, so each worker's
    shifts are cut to that one minute (who is free then, without computing their whole day)."""
    job, rules = search.job, search.rules
    duration = job.duration_minutes
    earliest = max(epoch_minute(search.now + timedelta(minutes=job.lead_minutes), round_up=True),
                   clock.day_bounds(first_day)[0])
    latest = min(epoch_minute(search.now + timedelta(days=rules.horizon_days)), clock.day_bounds(last_day)[1] - 1)
    if only is not None:
        earliest, latest = max(earliest, only), min(latest, only)
    if latest < earliest:
        return {}
    # Working hours must cover a job that starts as late as `latest`.
    last_work_day = max(last_day, clock.local_date(latest + duration))
    closures = merge(clock.span(span) for span in search.holidays)
    travel = _travel_minutes(search)
    from_home = _home_minutes(search)
    before, after = rules.buffer_before_minutes, rules.buffer_after_minutes
    shift_starts: dict[WorkingHours, list[tuple[int, int, int]]] = {}  # workers often share their hours
    out: dict[int, list[Interval]] = {}
    for worker in sorted(search.workers, key=lambda w: (-w.level, w.id)):
        if not _within_radius(worker, job.location):
            continue
        in_shift = shift_starts.get(worker.hours)
        if in_shift is None:
            work = working_intervals(worker.hours, first_day=first_day, last_day=last_work_day, clock=clock,
                                     closures=closures)
            in_shift = [(max(a, earliest), min(b - duration, latest), a) for a, b in work
                        if b - a >= duration and b - duration >= earliest and a <= latest]
            shift_starts[worker.hours] = in_shift
        if not in_shift:
            continue
        gaps = _gaps(worker.commitments, duration, before, after, travel)
        home = from_home.get(worker.id, 0)
        windows = intersect(_after_leaving_home(in_shift, worker.commitments, home) if home else
                            [(lo, hi) for lo, hi, _start in in_shift], gaps)
        if windows:
            out[worker.id] = windows
    return out


def _within_radius(worker: WorkerCalendar, site: GeoPoint | None) -> bool:
    if worker.radius_m is None or worker.home is None or site is None:
        return True
    return distance_m(worker.home, site) <= worker.radius_m


def _travel_minutes(search: Search) -> dict[tuple[float, float], tuple[int, int]]:
    """(minutes from the address to the job, minutes from the job back to it) for every commitment's
    address, keyed by (latitude, longitude): one call to the provider (two when it is not symmetric)."""
    site = search.job.location
    if site is None:
        return {}
    places: dict[tuple[float, float], Point] = {}
    for worker in search.workers:
        for commitment in worker.commitments:
            place = commitment.location
            if place is not None:
                places.setdefault((place.latitude, place.longitude), place)
    if not places:
        return {}
    points = list(places.values())
    from_site = search.travel.durations([site], points)[0]  # one row, not thousands
    if getattr(search.travel, "symmetric", False):
        to_site = from_site
    else:
        to_site = [row[0] for row in search.travel.durations(points, [site])]
    return {key: (-(-to // 60), -(-back // 60)) for key, to, back in zip(places, to_site, from_site, strict=True)}


def _home_minutes(search: Search) -> dict[int, int]:
    """Minutes from each worker's home base to the job (workers without one: none): one call to the
    provider for every home."""
    site = search.job.location
    homes = [w for w in search.workers if w.home is not None]
    if site is None or not homes:
        return {}
    if getattr(search.travel, "symmetric", False):
        seconds = search.travel.durations([site], [w.home for w in homes])[0]
    else:
        seconds = [row[0] for row in search.travel.durations([w.home for w in homes], [site])]
    return {w.id: -(-s // 60) for w, s in zip(homes, seconds, strict=True)}


def _after_leaving_home(in_shift: list[tuple[int, int, int]], commitments: Sequence[Commitment],
                        home: int) -> list[Interval]:
    """The shift windows of start times once travel from home is counted: before the shift's first
    commitment has ended, the job can start only `home` minutes after the shift starts (the worker
    sets off from home then); once it has ended they come from that commitment, which _gaps judges."""
    out: list[Interval] = []
    ordered = sorted(commitments, key=_by_time)  # a worker's commitments do not overlap: the first ends first
    starts = [c.start for c in ordered]
    for lo, hi, shift_start in in_shift:
        index = bisect_left(starts, shift_start)
        first_end = ordered[index].end if index < len(ordered) and ordered[index].start <= hi else FAR
        lower = max(lo, min(shift_start + home, first_end))
        if lower <= hi:
            out.append((lower, hi))
    return out


def _gaps(commitments: Sequence[Commitment], duration: int, before: int, after: int,
          travel: dict[tuple[float, float], tuple[int, int]]) -> list[Interval]:
    """Closed windows of start times that keep the job's blocked range clear of every commitment,
    with travel from the one before and to the one after."""
    out: list[Interval] = []
    lower = -FAR
    for start, end, place in sorted(commitments, key=_by_time):
        to_site, from_site = travel.get((place.latitude, place.longitude), NO_TRAVEL) if place else NO_TRAVEL
        upper = start - from_site - after - duration
        if upper >= lower:
            out.append((lower, upper))
        lower = max(lower, end + to_site + before)
    out.append((lower, FAR))
    return out


def _by_time(commitment: Commitment) -> tuple[int, int]:
    return commitment.start, commitment.end
