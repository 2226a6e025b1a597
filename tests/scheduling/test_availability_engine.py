"""The availability engine, directly: plain inputs, no database."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from shared_apps.core.geo import GeoPoint
from shared_apps.core.hours import DatedShift, LocalSpan, WeeklyShift, WorkingHours
from tenant_apps.scheduling.engine import (
    Commitment,
    Job,
    Rules,
    Search,
    WorkerCalendar,
    find_slots,
    free_workers_at,
)
from tenant_apps.scheduling.travel import StraightLineTravel

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
SITE = GeoPoint(31.2304, 121.4737)
FIVE_KM_EAST = GeoPoint(31.2304, 121.4737 + 5 / (111.32 * 0.8549))  # cos(31.23°) ≈ 0.8549
DAY = date(2026, 3, 4)  # a Wednesday
NOW = datetime(2026, 3, 2, 0, 0, tzinfo=UTC)
NO_TRAVEL = StraightLineTravel(minutes_per_km=0)
THREE_MIN_PER_KM = StraightLineTravel(minutes_per_km=3)


def every_day(start=time(9), end=time(18)) -> WorkingHours:
    return WorkingHours(week=tuple(WeeklyShift(d, start, end) for d in range(1, 8)))


def local(day: date, hour: int, minute: int = 0, zone=SHANGHAI, fold: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone, fold=fold)


def search(*workers, duration=60, crew=1, lead=0, zone="Asia/Shanghai", before=0, after=0, horizon=60, now=NOW,
           travel=NO_TRAVEL, holidays=(), step=30) -> Search:
    return Search(
        job=Job(duration_minutes=duration, crew_size=crew, location=SITE, lead_minutes=lead),
        rules=Rules(time_zone=zone, slot_minutes=step, buffer_before_minutes=before, buffer_after_minutes=after,
                    horizon_days=horizon),
        workers=tuple(workers), now=now, travel=travel, holidays=tuple(holidays),
    )


def starts(found: Search, day: date = DAY, zone=SHANGHAI) -> list[str]:
    [only] = find_slots(found, first_day=day, last_day=day)
    return [slot.start.astimezone(zone).strftime("%H:%M") for slot in only.slots]


def hhmm(*pairs) -> list[str]:
    """hhmm((9, 0), (9, 30)) -> ["09:00", "09:30"]; a range: hhmm(("09:00", "10:30"))."""
    out = []
    for first, last in pairs:
        t = datetime.combine(DAY, time.fromisoformat(first))
        while t <= datetime.combine(DAY, time.fromisoformat(last)):
            out.append(t.strftime("%H:%M"))
            t += timedelta(minutes=30)
    return out


def busy(start: datetime, end: datetime, where: GeoPoint | None = SITE) -> Commitment:
    return Commitment.between(start, end, where)


def test_a_free_worker_can_start_whenever_the_whole_job_fits_the_shift():
    worker = WorkerCalendar(id=1, hours=every_day())

    assert starts(search(worker, duration=120)) == hhmm(("09:00", "16:00"))


def test_an_existing_job_blocks_its_time_and_buffers_keep_jobs_apart():
    worker = WorkerCalendar(id=1, hours=every_day(), commitments=(busy(local(DAY, 12), local(DAY, 14)),))

    plain = starts(search(worker))
    buffered = starts(search(worker, before=15, after=15))

    assert plain == hhmm(("09:00", "11:00"), ("14:00", "17:00"))
    # The job's range [s - 15, s + 60 + 15) must clear 12:00-14:00: s <= 10:45 and s >= 14:15.
    assert buffered == hhmm(("09:00", "10:30"), ("14:30", "17:00"))


def test_travel_from_the_previous_job_and_to_the_next_one_is_kept_free():
    # Five km away at 3 min/km: 15 minutes each way.
    worker = WorkerCalendar(id=1, hours=every_day(), commitments=(busy(local(DAY, 12), local(DAY, 14), FIVE_KM_EAST),))

    same_place = starts(search(WorkerCalendar(id=1, hours=every_day(), commitments=(
        busy(local(DAY, 12), local(DAY, 14)),)), travel=THREE_MIN_PER_KM))
    elsewhere = starts(search(worker, travel=THREE_MIN_PER_KM))

    assert same_place == hhmm(("09:00", "11:00"), ("14:00", "17:00"))
    assert elsewhere == hhmm(("09:00", "10:30"), ("14:30", "17:00"))


@dataclass(frozen=True)
class OneWay:
    """Uphill: 10 minutes to the site, 40 minutes back from it."""

    def durations(self, origins, destinations):
        return [[10 * 60 if d == SITE else 40 * 60 for d in destinations] for _o in origins]


def test_travel_is_asked_in_the_right_direction():
    elsewhere = GeoPoint(31.3, 121.5)
    worker = WorkerCalendar(id=1, hours=every_day(), commitments=(
        busy(local(DAY, 9), local(DAY, 10), elsewhere), busy(local(DAY, 15), local(DAY, 16), elsewhere)))

    # After the 09:00 job: 10 minutes to come (from 10:10, so 10:30). Before the 15:00 job: the
    # job ends by 15:00 - 40 min = 14:20 (last start 13:20, so 13:00).
    assert starts(search(worker, travel=OneWay())) == hhmm(("10:30", "13:00"), ("16:30", "17:00"))


def test_a_crew_job_needs_enough_workers_free_at_the_same_time():
    ann = WorkerCalendar(id=1, hours=every_day(), level=3)
    bob = WorkerCalendar(id=2, hours=every_day(), commitments=(busy(local(DAY, 9), local(DAY, 12)),))
    cai = WorkerCalendar(id=3, hours=every_day(time(13), time(18)))

    [day] = find_slots(search(ann, bob, cai, crew=2), first_day=DAY, last_day=DAY, with_workers=True)
    found = {s.start.astimezone(SHANGHAI).strftime("%H:%M"): s for s in day.slots}

    assert "11:00" not in found  # only Ann is free at 11:00
    assert found["12:00"].available == 2 and found["12:00"].workers == (1, 2)
    assert found["13:00"].available == 3 and found["13:00"].workers == (1, 2, 3)  # best (level) first
    assert min(found) == "12:00" and max(found) == "17:00"


def test_lead_time_and_the_booking_horizon_bound_the_calendar():
    worker = WorkerCalendar(id=1, hours=every_day())
    now = local(DAY, 8, 10).astimezone(UTC)

    assert starts(search(worker, lead=120, now=now)) == hhmm(("10:30", "17:00"))
    assert starts(search(worker, lead=0, now=now)) == hhmm(("09:00", "17:00"))
    two_days_before_noon = local(DAY - timedelta(days=2), 12, 10).astimezone(UTC)
    assert starts(search(worker, horizon=2, now=two_days_before_noon)) == hhmm(("09:00", "12:00"))


def test_time_off_and_company_holidays_remove_working_time():
    afternoon_off = WorkingHours(week=every_day().week, time_off=(LocalSpan(DAY, DAY, time(13), time(15)),))
    worker = WorkerCalendar(id=1, hours=afternoon_off)
    holiday = LocalSpan(DAY, DAY)

    assert starts(search(worker)) == hhmm(("09:00", "12:00"), ("15:00", "17:00"))
    assert starts(search(worker, holidays=[holiday])) == []
    assert starts(search(worker, holidays=[holiday]), DAY + timedelta(days=1)) == hhmm(("09:00", "17:00"))


def test_dated_shifts_replace_the_week_template_on_their_date():
    hours = WorkingHours(week=every_day().week, dated=(DatedShift(DAY, time(14), time(16)),
                                                       DatedShift(DAY + timedelta(days=1))))
    worker = WorkerCalendar(id=1, hours=hours)

    assert starts(search(worker)) == hhmm(("14:00", "15:00"))
    assert starts(search(worker), DAY + timedelta(days=1)) == []
    assert starts(search(worker), DAY + timedelta(days=2)) == hhmm(("09:00", "17:00"))


def test_a_night_shift_runs_past_midnight():
    worker = WorkerCalendar(id=1, hours=every_day(time(20), time(2)))

    found = starts(search(worker, duration=120))

    assert found == hhmm(("00:00", "00:00")) + hhmm(("20:00", "23:30"))  # 00:00 ends the shift begun the day before


def test_free_workers_at_an_exact_start_best_first_and_nothing_off_the_grid():
    junior = WorkerCalendar(id=7, hours=every_day(), level=1)
    senior = WorkerCalendar(id=9, hours=every_day(), level=5)
    busy_one = WorkerCalendar(id=3, hours=every_day(), level=9, commitments=(busy(local(DAY, 10), local(DAY, 11)),))
    found = search(junior, senior, busy_one)

    assert free_workers_at(found, start=local(DAY, 10)) == [9, 7]
    assert free_workers_at(found, start=local(DAY, 12)) == [3, 9, 7]
    assert free_workers_at(found, start=local(DAY, 10, 15)) == []
    assert free_workers_at(found, start=local(DAY, 18)) == []


# ---- daylight saving (Europe/Berlin) -------------------------------------------------------------

SPRING = date(2026, 3, 29)  # 02:00 CET -> 03:00 CEST
AUTUMN = date(2026, 10, 25)  # 03:00 CEST -> 02:00 CET


def berlin_slots(day: date, *, start=time(0), end=time(6), duration=60):
    worker = WorkerCalendar(id=1, hours=every_day(start, end))
    [found] = find_slots(search(worker, zone="Europe/Berlin", duration=duration, now=datetime(2026, 3, 1, tzinfo=UTC),
                                horizon=365), first_day=day, last_day=day)
    return found.slots


def test_spring_forward_skips_the_missing_hour_and_loses_no_real_time():
    found = berlin_slots(SPRING)
    labels = [s.start.astimezone(BERLIN).strftime("%H:%M%z") for s in found]

    # 00:00-06:00 on this night is five real hours; a one-hour job fits nine times, 30 real minutes apart.
    assert labels == ["00:00+0100", "00:30+0100", "01:00+0100", "01:30+0100", "03:00+0200", "03:30+0200",
                      "04:00+0200", "04:30+0200", "05:00+0200"]
    assert all(b.start - a.start == timedelta(minutes=30) for a, b in zip(found, found[1:], strict=False))
    assert all(s.end - s.start == timedelta(hours=1) for s in found)


def test_fall_back_offers_the_repeated_hour_twice_as_two_moments():
    found = berlin_slots(AUTUMN)
    labels = [s.start.astimezone(BERLIN).strftime("%H:%M%z") for s in found]

    # 00:00-06:00 on this night is seven real hours: thirteen starts, none doubled, none lost.
    assert labels == ["00:00+0200", "00:30+0200", "01:00+0200", "01:30+0200", "02:00+0200", "02:30+0200",
                      "02:00+0100", "02:30+0100", "03:00+0100", "03:30+0100", "04:00+0100", "04:30+0100",
                      "05:00+0100"]
    assert len({s.start for s in found}) == len(found)
    assert all(b.start - a.start == timedelta(minutes=30) for a, b in zip(found, found[1:], strict=False))


def test_a_job_across_the_change_lasts_its_real_duration():
    found = berlin_slots(SPRING, duration=120)
    first = found[0]

    assert first.start == datetime(2026, 3, 29, 0, 0, tzinfo=BERLIN)
    assert first.end.astimezone(BERLIN).strftime("%H:%M%z") == "03:00+0200"  # two real hours
    assert [s.start.astimezone(BERLIN).strftime("%H:%M") for s in found][-1] == "04:00"  # ends 06:00


@pytest.mark.parametrize("day, hours", [(SPRING, 23), (AUTUMN, 25), (date(2026, 6, 1), 24)])
def test_a_day_long_shift_on_the_days_the_clocks_change(day, hours):
    slots = berlin_slots(day, start=time(0), end=time(0), duration=30)

    assert len(slots) == hours * 2
    assert len({s.start for s in slots}) == len(slots)


def test_travel_from_home_moves_the_first_slot_of_the_day_later_for_a_far_home_base():
    near = WorkerCalendar(id=1, hours=every_day(), home=SITE)
    far = WorkerCalendar(id=2, hours=every_day(), home=FIVE_KM_EAST)  # 5 km at 3 min/km: 15 minutes

    assert starts(search(near, travel=THREE_MIN_PER_KM))[0] == "09:00"
    assert starts(search(far, travel=THREE_MIN_PER_KM))[0] == "09:30"  # 09:15 rounded up to the grid
    assert starts(search(far, travel=THREE_MIN_PER_KM))[-1] == "17:00"  # the end of the day is unchanged


def test_after_an_earlier_job_the_worker_travels_from_that_job_not_from_home():
    # given a far home (10 km: 30 minutes) and a job next door from 09:00 to 10:00
    ten_km = GeoPoint(31.2304, 121.4737 + 10 / (111.32 * 0.8549))
    worker = WorkerCalendar(id=1, hours=every_day(), home=ten_km,
                            commitments=(busy(local(DAY, 9), local(DAY, 10)),))

    found = starts(search(worker, travel=THREE_MIN_PER_KM))

    # then the next job can start right after it (no travel between the two), not 30 minutes later
    assert found[0] == "10:00"
