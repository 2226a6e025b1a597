"""Changing workers, their week templates, dated shifts, time off and the roster (in the current
company's schema). Every change is validated, locked where it edits a row, and recorded in
the change log with its actor."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User
from shared_apps.changes.services import record_change
from shared_apps.core.errors import ValidationFailed
from shared_apps.geocoding import geocoder
from tenant_apps.catalog.locating import Located, locate_address
from tenant_apps.catalog.models import Service
from tenant_apps.catalog.selectors import current_company, get_service_zone
from tenant_apps.people.models import StaffMember, StaffRole
from tenant_apps.people.services import change_staff_member, invite_staff_member
from tenant_apps.people.staff_changes import run_staff_change_steps
from tenants.models import Company

from .locks import lock_time_off, lock_worker, lock_workers
from .models import Shift, ShiftTemplate, TimeOff, TimeOffKind, WorkerProfile

Values = dict[str, Any]
PROFILE_FIELDS = frozenset({"skills", "level", "services", "price_adjustment_percent", "home", "home_address",
                            "service_radius_km", "status", "quiet_hours"})
MAX_TIME_OFF_DAYS = 366
DAY = 24 * 60
WEEK = 7 * DAY


def _loggable(values: Values) -> Values:
    out: Values = {}
    for key, value in values.items():
        if isinstance(value, models.Model):
            out[key] = value.pk
        elif isinstance(value, list | tuple):
            out[key] = [_loggable({"v": v})["v"] for v in value]
        elif isinstance(value, dict):
            out[key] = _loggable(value)
        elif isinstance(value, str | int | float | bool) or value is None:
            out[key] = value
        else:
            out[key] = str(value)
    return out


def _full_clean(obj: models.Model, **kwargs) -> None:
    try:
        obj.full_clean(**kwargs)
    except ValidationError as exc:
        raise ValidationFailed({k: [str(m) for m in v] for k, v in exc.message_dict.items()}) from None


# ---- workers -------------------------------------------------------------------------------------

def invite_worker(*, actor: User, company: Company, phone: str, display_name: str = "",
                  profile: Values | None = None) -> WorkerProfile:
    """Add a worker by phone without asking them: for seeding (demo companies, tests) only; offices
    use invite_worker_to_join. Their one global identity is reused or made."""
    with transaction.atomic():
        member = invite_staff_member(actor=actor, company=company, phone=phone, role=StaffRole.WORKER,
                                     display_name=display_name)
        # Joining as a worker already gave them a default profile (a staff change step): fill it in.
        worker = WorkerProfile.objects.filter(pk=member.pk).first() or WorkerProfile(staff_member=member)
        worker.staff_member = member
        services = _apply_profile(worker, profile or {})
        _full_clean(worker, exclude=["staff_member"])
        worker.save()
        if services is not None:
            worker.services.set(services)
        record_change(actor=actor, action="worker.invited", target_id=worker.pk,
                      data={"phone": member.user.phone, **(profile or {})})
        run_staff_change_steps(actor=actor, company=company, member=member)
    return worker


def invite_worker_to_join(*, actor: User, company: Company, phone: str, profile: Values | None = None):
    """Invite a worker by phone (see people.invitations): the profile the office chose waits on the
    invitation and is applied when the person accepts. The company learns nothing of them before."""
    from tenant_apps.people.invitations import invite_to_staff

    values = {k: v for k, v in (profile or {}).items() if v is not None}
    unknown = set(values) - PROFILE_FIELDS
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    worker = WorkerProfile()
    services = _apply_profile(worker, values)  # checks the values now, so the office hears of mistakes
    _full_clean(worker, exclude=["staff_member"])
    stored = {**values, "services": [s.pk for s in services]} if services is not None else values
    stored = {k: (str(v) if isinstance(v, Decimal) else v) for k, v in stored.items()}
    with transaction.atomic():
        invitation = invite_to_staff(actor=actor, company=company, phone=phone, role=StaffRole.WORKER,
                                     profile=stored)
        record_change(actor=actor, action="worker.invited", target_id=invitation.pk,
                      data={"phone": invitation.phone, "invitation": invitation.pk})
    return invitation


def accept_invitation(*, actor: User, company: Company, invitation_id: int) -> StaffMember:
    """The invited person joins; a worker gets the profile the office prepared."""
    from tenant_apps.people.invitations import accept_staff_invitation
    from tenant_apps.people.models import StaffInvitation

    with transaction.atomic():
        member = accept_staff_invitation(actor=actor, company=company, invitation_id=invitation_id)
        if member.role == StaffRole.WORKER:
            profile = dict(StaffInvitation.objects.get(pk=invitation_id).profile or {})
            # Joining as a worker already made the profile (staff_steps); the invitation fills it in.
            worker, _created = WorkerProfile.objects.get_or_create(staff_member=member)
            for name in ("price_adjustment_percent", "service_radius_km"):
                if profile.get(name) is not None:
                    profile[name] = Decimal(str(profile[name]))
            services = _apply_profile(worker, profile)
            worker.save()
            if services is not None:
                worker.services.set(services)
            record_change(actor=actor, action="worker.joined", target_id=worker.pk, data={"invitation": invitation_id})
    return member


def ensure_worker_profile(*, actor: User, member: StaffMember) -> WorkerProfile:
    """The staff member's worker profile, made with defaults the first time (an owner who also does
    jobs gets one this way)."""
    worker = WorkerProfile.objects.filter(pk=member.pk).first()
    if worker is not None:
        return worker
    with transaction.atomic():
        worker, created = WorkerProfile.objects.get_or_create(staff_member=member)
        if created:
            record_change(actor=actor, action="worker.profile_created", target_id=worker.pk)
            run_staff_change_steps(actor=actor, company=current_company(), member=member)
    return worker


def update_worker_profile(*, actor: User, worker: WorkerProfile, changes: Values) -> WorkerProfile:
    """Change the worker's profile fields in `changes` (PROFILE_FIELDS). "home": a point {latitude,
    longitude} (the worker's phone) or None; "home_address": {"line", "zone"} typed by the office,
    placed by the geocoder, else at the chosen district's centre (approximate); an empty line: no
    home base."""
    changes = _locate_home(changes)  # before any lock: the geocoder may take seconds
    with transaction.atomic():
        worker = lock_worker(worker.pk)
        services = _apply_profile(worker, changes)
        _full_clean(worker, exclude=["staff_member"])
        worker.save()
        if services is not None:
            worker.services.set(services)
        record_change(actor=actor, action="worker.changed", target_id=worker.pk, data=changes)
        if "status" in changes:  # starts or stops doing jobs
            run_staff_change_steps(actor=actor, company=current_company(), member=worker.staff_member)
    return worker


def change_worker_profile(*, actor: User, member: StaffMember, changes: Values) -> WorkerProfile:
    """Set `member`'s worker profile (made first if they have none, as for an owner who starts doing
    jobs); all or nothing: a refused change leaves no new profile behind."""
    changes = _locate_home(changes)
    with transaction.atomic():
        worker = ensure_worker_profile(actor=actor, member=member)
        return update_worker_profile(actor=actor, worker=worker, changes=changes)


def remove_worker(*, actor: User, company: Company, worker: WorkerProfile) -> StaffMember:
    """Take a worker off the staff: their membership is deactivated (history stays), so they are no
    longer offered for any slot, and each of their bookings still ahead goes to another free worker or
    back to the office with an exception (orders' staff-change step). The office can re-activate
    them on the staff list."""
    with transaction.atomic():
        member = change_staff_member(actor=actor, company=company, member=worker.staff_member, is_active=False)
        record_change(actor=actor, action="worker.removed", target_id=worker.pk)
    return member


def _locate_home(changes: Values) -> Values:
    """`changes` with its "home_address" {"line", "zone"} placed: {"line", "latitude", "longitude",
    "approximate"} (no point for an empty line). The geocoder's point; else the district's centre,
    marked approximate; else ValidationFailed on home_address. As customers' addresses are placed
    (catalog.locating), except that a home base never falls back to the company's own base."""
    given = changes.get("home_address")
    if given is None or "approximate" in given:
        return changes
    line = str(given.get("line") or "").strip()
    placed: dict[str, Any] = {"line": line, "latitude": None, "longitude": None, "approximate": False}
    if line:
        zone = get_service_zone(given["zone"]) if given.get("zone") else None
        found = locate_address(line=line, zone=zone) if zone is not None else None
        if zone is None:
            point = geocoder().geocode(line)
            found = point and Located(point.latitude, point.longitude, is_approximate=False)
        if found is None or found.latitude is None:
            raise ValidationFailed({"home_address": [_(
                "We could not find this address. Choose its district as well, so the home base can be "
                "placed at the district's centre.")]})
        placed.update(latitude=found.latitude, longitude=found.longitude, approximate=found.is_approximate)
    return {**changes, "home_address": placed}


def _apply_profile(worker: WorkerProfile, values: Values) -> list[Service] | None:
    """Set the profile fields in `values` on `worker`; returns the services to set, if given."""
    unknown = set(values) - PROFILE_FIELDS
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    if "skills" in values:
        worker.skills = sorted({skill.strip().lower() for skill in values["skills"] if skill.strip()})
    for name in ("level", "status", "price_adjustment_percent", "service_radius_km"):
        if name in values:
            value = values[name]
            if isinstance(value, float):
                value = Decimal(str(round(value, 2)))
            setattr(worker, name, value)
    if "home" in values:
        home = values["home"]
        if home is None:
            worker.home_latitude = worker.home_longitude = None
        else:
            worker.home_latitude = Decimal(str(round(home["latitude"], 6)))
            worker.home_longitude = Decimal(str(round(home["longitude"], 6)))
        worker.home_address, worker.home_is_approximate = "", False  # a point, not a typed address
    if "home_address" in values:  # placed by _locate_home
        placed = values["home_address"]
        if placed["latitude"] is None:
            worker.home_latitude = worker.home_longitude = None
        else:
            worker.home_latitude = Decimal(str(round(placed["latitude"], 6)))
            worker.home_longitude = Decimal(str(round(placed["longitude"], 6)))
        worker.home_address, worker.home_is_approximate = placed["line"][:200], placed["approximate"]
    if "quiet_hours" in values:  # {"from": time, "until": time} or None
        quiet = values["quiet_hours"]
        worker.quiet_from, worker.quiet_until = (None, None) if quiet is None else (quiet["from"], quiet["until"])
    if "services" not in values:
        return None
    ids = sorted(set(values["services"]))
    found = list(Service.objects.filter(pk__in=ids))
    missing = sorted(set(ids) - {s.pk for s in found})
    if missing:
        raise ValidationFailed({"services": [_("No such service: %(ids)s.") % {"ids": ", ".join(map(str, missing))}]})
    return found


# ---- week templates ------------------------------------------------------------------------------

def _week_minutes(weekday: int, start: time, end: time) -> tuple[int, int]:
    begin = (weekday - 1) * DAY + start.hour * 60 + start.minute
    length = ((end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)) % DAY or DAY
    return begin, begin + length


def _check_week(shifts: Sequence[tuple[int, time, time]], field: str = "shifts") -> None:
    """No two shifts of a week overlap (an overnight Sunday shift reaches into Monday)."""
    spans = []
    for weekday, start, end in shifts:
        if not 1 <= weekday <= 7:
            raise ValidationFailed({field: [_("Weekdays run from 1 (Monday) to 7 (Sunday).")]})
        begin, finish = _week_minutes(weekday, start, end)
        spans += [(begin, finish), (begin + WEEK, finish + WEEK)]
    spans.sort()
    for (_a, a_end), (b_start, _b) in zip(spans, spans[1:], strict=False):
        if b_start < a_end:
            raise ValidationFailed({field: [_("Two shifts of the week overlap.")]})


def set_week_template(*, actor: User, worker: WorkerProfile,
                      shifts: Sequence[tuple[int, time, time]]) -> list[ShiftTemplate]:
    """Replace the worker's whole week template."""
    _check_week(shifts)
    with transaction.atomic():
        lock_worker(worker.pk)
        ShiftTemplate.objects.filter(worker=worker).delete()
        created = ShiftTemplate.objects.bulk_create(
            ShiftTemplate(worker=worker, weekday=weekday, start_time=start, end_time=end)
            for weekday, start, end in sorted(shifts)
        )
        record_change(actor=actor, action="week_template.set", target_id=worker.pk,
                      data={"shifts": [[w, s.isoformat("minutes"), e.isoformat("minutes")] for w, s, e in shifts]})
    return created


def add_shift_template(*, actor: User, worker: WorkerProfile, weekday: int, start_time: time,
                       end_time: time) -> ShiftTemplate:
    with transaction.atomic():
        lock_worker(worker.pk)
        existing = [(t.weekday, t.start_time, t.end_time) for t in ShiftTemplate.objects.filter(worker=worker)]
        _check_week([*existing, (weekday, start_time, end_time)], field="start_time")
        template = ShiftTemplate.objects.create(worker=worker, weekday=weekday, start_time=start_time,
                                                end_time=end_time)
        record_change(actor=actor, action="shift_template.created", target_id=template.pk,
                      data={"worker": worker.pk, "weekday": weekday, "start": start_time, "end": end_time})
    return template


def update_shift_template(*, actor: User, template: ShiftTemplate, changes: Values) -> ShiftTemplate:
    with transaction.atomic():
        lock_worker(template.worker_id)
        template = ShiftTemplate.objects.get(pk=template.pk)
        for name in ("weekday", "start_time", "end_time"):
            if name in changes:
                setattr(template, name, changes[name])
        others = [(t.weekday, t.start_time, t.end_time)
                  for t in ShiftTemplate.objects.filter(worker_id=template.worker_id).exclude(pk=template.pk)]
        _check_week([*others, (template.weekday, template.start_time, template.end_time)], field="start_time")
        template.save()
        record_change(actor=actor, action="shift_template.changed", target_id=template.pk, data=changes)
    return template


def delete_shift_template(*, actor: User, template: ShiftTemplate) -> None:
    with transaction.atomic():
        record_change(actor=actor, action="shift_template.deleted", target_id=template.pk,
                      data={"worker": template.worker_id})
        template.delete()


# ---- dated shifts (extra shifts, other hours, days off) ------------------------------------------

def _check_day(shifts: Sequence[tuple[time, time]], field: str = "shifts") -> None:
    spans = sorted(_week_minutes(1, start, end) for start, end in shifts)
    for (_a, a_end), (b_start, _b) in zip(spans, spans[1:], strict=False):
        if b_start < a_end:
            raise ValidationFailed({field: [_("Two shifts of the same day overlap.")]})


def _day_shifts(worker: WorkerProfile, day: date) -> list[tuple[time, time]] | None:
    """The dated shifts of `day` (empty for a day off), or None when the day follows the template."""
    rows = list(Shift.objects.filter(worker=worker, date=day))
    if not rows:
        return None
    return [(r.start_time, r.end_time) for r in rows if not r.is_day_off]


def _template_shifts(worker: WorkerProfile, day: date) -> list[tuple[time, time]]:
    return [(t.start_time, t.end_time)
            for t in ShiftTemplate.objects.filter(worker=worker, weekday=day.isoweekday())]


def _write_day(worker: WorkerProfile, day: date, shifts: Sequence[tuple[time, time]] | None) -> list[Shift]:
    """Store the day's shifts (None: follow the template again; empty: a day off)."""
    Shift.objects.filter(worker=worker, date=day).delete()
    if shifts is None:
        return []
    if not shifts:
        return [Shift.objects.create(worker=worker, date=day)]
    return Shift.objects.bulk_create(Shift(worker=worker, date=day, start_time=s, end_time=e)
                                     for s, e in sorted(shifts))


def create_shift(*, actor: User, worker: WorkerProfile, day: date, start_time: time, end_time: time) -> Shift:
    """An extra shift on `day`, on top of what the worker already works that day (the template's
    shifts of that weekday are copied to the date first, so they stay)."""
    with transaction.atomic():
        lock_worker(worker.pk)
        current = _day_shifts(worker, day)
        if current is None:
            current = _template_shifts(worker, day)
        _check_day([*current, (start_time, end_time)], field="start_time")
        written = _write_day(worker, day, [*current, (start_time, end_time)])
        shift = next(s for s in written if (s.start_time, s.end_time) == (start_time, end_time))
        record_change(actor=actor, action="shift.created", target_id=shift.pk,
                      data={"worker": worker.pk, "date": day, "start": start_time, "end": end_time})
    return shift


def update_shift(*, actor: User, shift: Shift, start_time: time, end_time: time) -> Shift:
    with transaction.atomic():
        lock_worker(shift.worker_id)
        shift = Shift.objects.get(pk=shift.pk)
        others = [(s.start_time, s.end_time) for s in Shift.objects.filter(worker_id=shift.worker_id, date=shift.date)
                  .exclude(pk=shift.pk) if not s.is_day_off]
        _check_day([*others, (start_time, end_time)], field="start_time")
        Shift.objects.filter(worker_id=shift.worker_id, date=shift.date, start_time__isnull=True).delete()
        shift.start_time, shift.end_time = start_time, end_time
        shift.save()
        record_change(actor=actor, action="shift.changed", target_id=shift.pk,
                      data={"start": start_time, "end": end_time})
    return shift


def delete_shift(*, actor: User, shift: Shift) -> None:
    """Remove one dated shift. Removing the last one leaves a day off, not the template's hours."""
    with transaction.atomic():
        worker = lock_worker(shift.worker_id)
        record_change(actor=actor, action="shift.deleted", target_id=shift.pk,
                      data={"worker": worker.pk, "date": shift.date})
        shift.delete()
        if not Shift.objects.filter(worker=worker, date=shift.date).exists():
            Shift.objects.create(worker=worker, date=shift.date)


# ---- the roster (a week, many workers at once) ---------------------------------------------------

@dataclass(frozen=True)
class RosterChange:
    """The shifts of one worker on one date: a list (empty: a day off), or None (the template).
    `worker` may be a staff member without a profile yet: set_roster makes it in its transaction."""

    worker: WorkerProfile | StaffMember
    day: date
    shifts: tuple[tuple[time, time], ...] | None


def _member_of(worker: WorkerProfile | StaffMember) -> StaffMember:
    return worker.staff_member if isinstance(worker, WorkerProfile) else worker


def set_roster(*, actor: User, week_start: date, changes: Sequence[RosterChange]) -> int:
    """Set many workers' days of one week (Monday to Sunday) at once; all or nothing."""
    if week_start.isoweekday() != 1:
        raise ValidationFailed({"week_start": [_("A week starts on a Monday.")]})
    week_end = week_start + timedelta(days=6)
    errors: dict[str, list[str]] = {}
    seen = set()
    for index, change in enumerate(changes):
        if not week_start <= change.day <= week_end:
            errors[f"changes.{index}.date"] = [_("This date is not in the week.")]
        if (change.worker.pk, change.day) in seen:
            errors[f"changes.{index}.date"] = [_("This worker's day is set twice.")]
        seen.add((change.worker.pk, change.day))
        try:
            _check_day(change.shifts or ())
        except ValidationFailed:
            errors[f"changes.{index}.shifts"] = [_("Two shifts of the same day overlap.")]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        worker_ids = sorted({c.worker.pk for c in changes})
        profiles = {pk: ensure_worker_profile(actor=actor, member=_member_of(next(
            c.worker for c in changes if c.worker.pk == pk))) for pk in worker_ids}
        lock_workers(worker_ids)
        for change in changes:
            _write_day(profiles[change.worker.pk], change.day, change.shifts)
        record_change(actor=actor, action="roster.set", target_id=None, data={
            "week_start": week_start,
            "changes": [{"worker": c.worker.pk, "date": c.day,
                         "shifts": None if c.shifts is None else [[s, e] for s, e in c.shifts]} for c in changes],
        })
    return len(changes)


# ---- time off and company holidays ---------------------------------------------------------------

TIME_OFF_FIELDS = ("start_date", "end_date", "start_time", "end_time", "note")


def _check_time_off(time_off: TimeOff) -> None:
    errors: dict[str, list[str]] = {}
    if time_off.end_date < time_off.start_date:
        errors["end_date"] = [_("The end is before the start.")]
    elif (time_off.end_date - time_off.start_date).days >= MAX_TIME_OFF_DAYS:
        errors["end_date"] = [_("Time off spans at most a year; add another for more.")]
    elif (time_off.start_date == time_off.end_date and time_off.start_time is not None
          and time_off.end_time is not None and time_off.end_time <= time_off.start_time):
        errors["end_time"] = [_("The end is before the start.")]
    if time_off.kind == TimeOffKind.HOLIDAY and time_off.worker_id is not None:
        errors["worker"] = [_("A company holiday is for everybody: leave the worker out.")]
    if time_off.kind == TimeOffKind.TIME_OFF and time_off.worker_id is None:
        errors["worker"] = [_("Choose the worker.")]
    if errors:
        raise ValidationFailed(errors)
    _full_clean(time_off, exclude=["worker"])


def create_time_off(*, actor: User, worker: WorkerProfile | None, kind: str, start_date: date, end_date: date,
                    start_time: time | None = None, end_time: time | None = None, note: str = "") -> TimeOff:
    """Time off for a worker, or (kind holiday, no worker) a company holiday when nobody works."""
    time_off = TimeOff(worker=worker, kind=kind, start_date=start_date, end_date=end_date, start_time=start_time,
                       end_time=end_time, note=note.strip())
    _check_time_off(time_off)
    with transaction.atomic():
        time_off.save()
        record_change(actor=actor, action="time_off.created", target_id=time_off.pk, data={
            "worker": worker.pk if worker else None, "kind": kind, "start_date": start_date, "end_date": end_date,
            "start_time": start_time, "end_time": end_time,
        })
    return time_off


def update_time_off(*, actor: User, time_off: TimeOff, changes: Values) -> TimeOff:
    with transaction.atomic():
        time_off = lock_time_off(time_off.pk)
        for name in TIME_OFF_FIELDS:
            if name in changes:
                setattr(time_off, name, changes[name])
        _check_time_off(time_off)
        time_off.save()
        record_change(actor=actor, action="time_off.changed", target_id=time_off.pk, data=changes)
    return time_off


def delete_time_off(*, actor: User, time_off: TimeOff) -> None:
    with transaction.atomic():
        record_change(actor=actor, action="time_off.deleted", target_id=time_off.pk)
        time_off.delete()

