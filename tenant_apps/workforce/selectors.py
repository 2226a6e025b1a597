"""Reads of workers, shifts and time off, scoped to the caller; and the loader of working hours in
the plain form hours.py and the availability engine take."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.db.models import Prefetch, Q, QuerySet

from shared_apps.core.api import parse_id
from shared_apps.core.errors import NotFound
from shared_apps.core.hours import DatedShift, LocalSpan, WeeklyShift, WorkingHours, shifts_by_day
from shared_apps.core.queries import any_of
from tenant_apps.people.models import StaffMember, StaffRole

from .models import Shift, ShiftTemplate, TimeOff, TimeOffKind, WorkerProfile


def workers_for(viewer: StaffMember) -> QuerySet[StaffMember]:
    """Staff who work jobs (the worker role, or anyone given a worker profile), with their profiles.
    Office staff see them all; a worker sees only themselves."""
    qs = (
        StaffMember.objects.filter(Q(role=StaffRole.WORKER) | Q(worker_profile__isnull=False))
        .select_related("user", "worker_profile")
        .prefetch_related(Prefetch("worker_profile__services", to_attr="service_list"))
        .order_by("id")
    )
    return qs if viewer.is_office_staff else qs.filter(pk=viewer.pk)


def get_worker_for(viewer: StaffMember, worker_id) -> StaffMember:
    """One worker (staff member) by id; missing, not a worker and forbidden look the same."""
    pk = parse_id(worker_id)
    member = workers_for(viewer).filter(pk=pk).first() if pk is not None else None
    if member is None:
        raise NotFound("worker")
    return member


def get_staff_member_for_profile(viewer: StaffMember, member_id) -> StaffMember:
    """Any staff member (office staff may give anyone a worker profile), or NotFound."""
    pk = parse_id(member_id)
    qs = StaffMember.objects.select_related("user", "worker_profile")
    member = qs.filter(pk=pk).first() if pk is not None and viewer.is_office_staff else None
    if member is None:
        raise NotFound("worker")
    return member


def profile_of(member: StaffMember) -> WorkerProfile | None:
    try:
        return member.worker_profile
    except WorkerProfile.DoesNotExist:
        return None


def _one(qs: QuerySet, object_id, what: str):
    pk = parse_id(object_id)
    obj = qs.filter(pk=pk).first() if pk is not None else None
    if obj is None:
        raise NotFound(what)
    return obj


def shift_templates_of(worker_id: int) -> QuerySet[ShiftTemplate]:
    return ShiftTemplate.objects.filter(worker_id=worker_id)


def get_shift_template_for(viewer: StaffMember, template_id) -> ShiftTemplate:
    return _one(ShiftTemplate.objects.all(), template_id, "shift template")


def shifts_between(*, first_day: date, last_day: date, worker_id: int | None = None) -> QuerySet[Shift]:
    qs = Shift.objects.filter(date__gte=first_day, date__lte=last_day)
    return qs.filter(worker_id=worker_id) if worker_id is not None else qs


def get_shift_for(viewer: StaffMember, shift_id) -> Shift:
    return _one(Shift.objects.filter(start_time__isnull=False), shift_id, "shift")


def time_off_between(*, first_day: date, last_day: date, worker_id: int | None = None,
                     kind: str | None = None) -> QuerySet[TimeOff]:
    """Time off and company holidays touching [first_day, last_day]; for one worker, their own and
    the company's holidays."""
    qs = TimeOff.objects.filter(start_date__lte=last_day, end_date__gte=first_day)
    if worker_id is not None:
        qs = qs.filter(Q(worker_id=worker_id) | Q(worker__isnull=True))
    if kind is not None:
        qs = qs.filter(kind=kind)
    return qs


def get_time_off_for(viewer: StaffMember, time_off_id) -> TimeOff:
    return _one(TimeOff.objects.all(), time_off_id, "time off")


# ---- working hours in plain form -----------------------------------------------------------------

@dataclass(frozen=True)
class HoursInput:
    """Working hours of some workers for a range of days, and the company's holidays."""

    hours: dict[int, WorkingHours]
    holidays: tuple[LocalSpan, ...]


def _span(row) -> LocalSpan:
    start_date, end_date, start_time, end_time = row
    return LocalSpan(start_day=start_date, end_day=end_date, start_time=start_time, end_time=end_time)


def working_hours_of(worker_ids: Iterable[int], *, first_day: date, last_day: date) -> HoursInput:
    """Templates, dated shifts from the day before `first_day` (overnight shifts) to `last_day`, and
    time off touching the range: three queries, whatever the number of workers."""
    ids = list(worker_ids)
    week: dict[int, list[WeeklyShift]] = {pk: [] for pk in ids}
    dated: dict[int, list[DatedShift]] = {pk: [] for pk in ids}
    off: dict[int, list[LocalSpan]] = {pk: [] for pk in ids}
    holidays: list[LocalSpan] = []
    if ids:
        for worker_id, weekday, start, end in ShiftTemplate.objects.filter(any_of("worker_id", ids)).values_list(
                "worker_id", "weekday", "start_time", "end_time"):
            week[worker_id].append(WeeklyShift(weekday, start, end))
        for worker_id, day, start, end in Shift.objects.filter(
                any_of("worker_id", ids), date__gte=first_day - timedelta(days=1), date__lte=last_day).values_list(
                "worker_id", "date", "start_time", "end_time"):
            dated[worker_id].append(DatedShift(day, start, end))
    time_off = TimeOff.objects.filter(start_date__lte=last_day + timedelta(days=1), end_date__gte=first_day
                                      - timedelta(days=1)).filter(any_of("worker_id", ids) | Q(worker__isnull=True))
    for worker_id, *span in time_off.values_list("worker_id", "start_date", "end_date", "start_time", "end_time"):
        if worker_id is None:
            holidays.append(_span(span))
        else:
            off[worker_id].append(_span(span))
    return HoursInput(
        hours={pk: WorkingHours(week=tuple(week[pk]), dated=tuple(dated[pk]), time_off=tuple(off[pk])) for pk in ids},
        holidays=tuple(holidays),
    )


# ---- the roster of a week ------------------------------------------------------------------------

@dataclass(frozen=True)
class RosterDay:
    day: date
    from_roster: bool  # the date has its own shifts (or is a day off); else the week template applies
    shifts: tuple[tuple[time, time], ...]
    time_off: tuple[TimeOff, ...]


@dataclass(frozen=True)
class RosterRow:
    member: StaffMember
    days: tuple[RosterDay, ...]


@dataclass(frozen=True)
class RosterWeek:
    week_start: date
    rows: tuple[RosterRow, ...]
    holidays: tuple[TimeOff, ...]


def _touches(time_off: TimeOff, day: date) -> bool:
    return time_off.start_date <= day <= time_off.end_date


def roster_week(viewer: StaffMember, *, week_start: date) -> RosterWeek:
    """Every worker's shifts for the seven days from `week_start`: five queries."""
    week_end = week_start + timedelta(days=6)
    members = list(workers_for(viewer).filter(is_active=True))  # without a profile yet: an empty week
    ids = [m.pk for m in members]
    hours = working_hours_of(ids, first_day=week_start, last_day=week_end)
    dated_days = {(s.worker_id, s.date) for s in Shift.objects.filter(worker_id__in=ids, date__gte=week_start,
                                                                        date__lte=week_end).only("worker_id", "date")}
    time_off = list(time_off_between(first_day=week_start, last_day=week_end).filter(
        Q(worker_id__in=ids) | Q(worker__isnull=True)))
    holidays = tuple(t for t in time_off if t.kind == TimeOffKind.HOLIDAY)
    rows = []
    for member in members:
        by_day = shifts_by_day(hours.hours[member.pk], week_start, week_end)
        own_off = [t for t in time_off if t.worker_id == member.pk]
        rows.append(RosterRow(member=member, days=tuple(
            RosterDay(day=day, from_roster=(member.pk, day) in dated_days, shifts=tuple(sorted(shifts)),
                      time_off=tuple(t for t in own_off if _touches(t, day)))
            for day, shifts in by_day.items()
        )))
    return RosterWeek(week_start=week_start, rows=tuple(rows), holidays=holidays)
