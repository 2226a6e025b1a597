"""Office endpoints for workers, their week templates, dated shifts, time off and the week roster."""
from __future__ import annotations

from datetime import date, timedelta

from django.db import connection
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput, parse_input
from shared_apps.core.errors import ValidationFailed
from shared_apps.core.fields import calendar_date, id_field
from shared_apps.core.hours import LocalClock, LocalSpan
from shared_apps.core.operations import OperationRouter
from tenant_apps.people.models import StaffMember
from tenant_apps.people.output import StaffInvitationOutput, invitation_data
from tenant_apps.people.permissions import CompanyManager, OfficeStaff

from . import services
from .models import TimeOff, TimeOffKind, WorkerProfile, WorkerStatus
from .permissions import CompanyScheduler
from .selectors import (
    get_shift_for,
    get_shift_template_for,
    get_staff_member_for_profile,
    get_time_off_for,
    get_worker_for,
    profile_of,
    roster_week,
    shift_templates_of,
    shifts_between,
    time_off_between,
    workers_for,
)

MAX_RANGE_DAYS = 92


def hhmm(**kwargs) -> serializers.TimeField:
    return serializers.TimeField(format="%H:%M", input_formats=["%H:%M", "%H:%M:%S"], **kwargs)


def clock_text(value) -> str | None:
    """A wall-clock time as the API writes it: "09:00"."""
    return None if value is None else value.strftime("%H:%M")


# ---- workers -------------------------------------------------------------------------------------

class WorkerHomeField(serializers.Serializer):
    latitude = serializers.FloatField(min_value=-90, max_value=90)
    longitude = serializers.FloatField(min_value=-180, max_value=180)


class WorkerOutput(serializers.Serializer):
    id = serializers.IntegerField(help_text="The staff member's id: the worker's id everywhere.")
    user_id = serializers.IntegerField()
    name = serializers.CharField()
    phone = serializers.CharField(allow_null=True)
    role = serializers.CharField()
    is_active = serializers.BooleanField(help_text="On the staff (false once removed).")
    status = serializers.ChoiceField(choices=WorkerStatus.choices)
    skills = serializers.ListField(child=serializers.CharField())
    level = serializers.IntegerField()
    services = serializers.ListField(child=serializers.IntegerField(),
                                     help_text="Services they may do; empty: every service their skills cover.")
    price_adjustment_percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    home = WorkerHomeField(allow_null=True)
    service_radius_km = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)


def worker_data(member: StaffMember) -> dict:
    profile = profile_of(member) or WorkerProfile(staff_member=member)
    services = getattr(profile, "service_list", None)
    if services is None:
        services = list(profile.services.all()) if profile.pk and not profile._state.adding else []
    home = None
    if profile.home_latitude is not None:
        home = {"latitude": float(profile.home_latitude), "longitude": float(profile.home_longitude)}
    return {
        "id": member.pk, "user_id": member.user_id, "name": str(member), "phone": member.user.phone,
        "role": member.role, "is_active": member.is_active, "status": profile.status, "skills": profile.skills,
        "level": profile.level, "services": sorted(s.pk for s in services),
        "price_adjustment_percent": f"{profile.price_adjustment_percent:.2f}", "home": home,
        "service_radius_km": None if profile.service_radius_km is None else f"{profile.service_radius_km:.2f}",
    }


class WorkerProfileInput(serializers.Serializer):
    skills = serializers.ListField(child=serializers.SlugField(max_length=40), max_length=50, required=False)
    level = serializers.IntegerField(min_value=1, max_value=10, required=False)
    services = serializers.ListField(child=id_field(), max_length=500, required=False)
    price_adjustment_percent = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=-90,
                                                        max_value=500, required=False)
    home = WorkerHomeField(required=False, allow_null=True)
    service_radius_km = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0, max_value=1000,
                                                 required=False, allow_null=True)
    status = serializers.ChoiceField(choices=WorkerStatus.choices, required=False)


class WorkerInviteInput(WorkerProfileInput):
    phone = serializers.CharField(max_length=32)


def _profile_values(data: dict) -> dict:
    return {k: v for k, v in data.items() if k in services.PROFILE_FIELDS}


class WorkerListApi(APIView):
    """The company's workers with their profiles (office staff)."""

    permission_classes = [OfficeStaff]

    @extend_schema(responses={200: WorkerOutput(many=True)})
    def get(self, request):
        return Response([worker_data(m) for m in workers_for(request.staff_member)])


class WorkerInviteApi(APIView):
    """Invite a worker by phone (owner/admin); they join, with the profile given here, when they
    accept in the worker app."""

    permission_classes = [CompanyManager]

    @extend_schema(
        request=WorkerInviteInput, responses={201: StaffInvitationOutput, 400: ErrorOutput, 409: ErrorOutput},
        examples=[OpenApiExample("A cleaner", request_only=True, value={
            "phone": "+8613900139000", "skills": ["cleaning"], "level": 2,
            "home": {"latitude": 31.2304, "longitude": 121.4737}, "service_radius_km": "15"})],
    )
    def post(self, request):
        data = parse_input(WorkerInviteInput, request.data)
        invitation = services.invite_worker_to_join(actor=request.user, company=connection.tenant,
                                                    phone=data["phone"], profile=_profile_values(data))
        return Response(invitation_data(invitation), status=status.HTTP_201_CREATED)


class WorkerRoutes(OperationRouter):
    """GET: the company's workers with their profiles (office staff). POST: invite a worker by phone
    (owner/admin); they join, with the profile given here, when they accept in the worker app."""

    operations = {"get": WorkerListApi, "post": WorkerInviteApi}


class WorkerDetailApi(APIView):
    """One worker (office staff)."""

    permission_classes = [OfficeStaff]

    @extend_schema(responses={200: WorkerOutput, 404: ErrorOutput})
    def get(self, request, worker_id):
        return Response(worker_data(get_worker_for(request.staff_member, worker_id)))


class WorkerProfileChangeApi(APIView):
    """Change a worker's profile (owner/admin; any staff member can be given one)."""

    permission_classes = [CompanyManager]

    @extend_schema(request=WorkerProfileInput, responses={200: WorkerOutput, 400: ErrorOutput, 404: ErrorOutput})
    def patch(self, request, worker_id):
        member = get_staff_member_for_profile(request.staff_member, worker_id)
        data = parse_input(WorkerProfileInput, request.data)
        services.change_worker_profile(actor=request.user, member=member, changes=_profile_values(data))
        return Response(worker_data(get_worker_for(request.staff_member, member.pk)))


class WorkerRemoveApi(APIView):
    """Take a worker off the staff (owner/admin); their history stays."""

    permission_classes = [CompanyManager]

    @extend_schema(responses={204: None, 404: ErrorOutput, 409: ErrorOutput})
    def delete(self, request, worker_id):
        member = get_worker_for(request.staff_member, worker_id)
        worker = services.ensure_worker_profile(actor=request.user, member=member)
        services.remove_worker(actor=request.user, company=connection.tenant, worker=worker)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WorkerMemberRoutes(OperationRouter):
    """GET one worker (office staff). PATCH their profile (owner/admin; any staff member can be given
    one). DELETE: take them off the staff (owner/admin); their history stays."""

    operations = {"get": WorkerDetailApi, "patch": WorkerProfileChangeApi, "delete": WorkerRemoveApi}


# ---- week templates ------------------------------------------------------------------------------

class ShiftTemplateOutput(serializers.Serializer):
    id = serializers.IntegerField()
    worker = serializers.IntegerField()
    weekday = serializers.IntegerField(help_text="ISO weekday: 1 Monday ... 7 Sunday.")
    start_time = hhmm()
    end_time = hhmm(help_text="At or before the start: the shift ends the next day.")


def template_data(template) -> dict:
    return {"id": template.pk, "worker": template.worker_id, "weekday": template.weekday,
            "start_time": clock_text(template.start_time), "end_time": clock_text(template.end_time)}


class ShiftTemplateInput(serializers.Serializer):
    weekday = serializers.IntegerField(min_value=1, max_value=7)
    start_time = hhmm()
    end_time = hhmm()


class WeekTemplateInput(serializers.Serializer):
    shifts = ShiftTemplateInput(many=True, max_length=70)


class ShiftTemplateChangeInput(serializers.Serializer):
    weekday = serializers.IntegerField(min_value=1, max_value=7, required=False)
    start_time = hhmm(required=False)
    end_time = hhmm(required=False)


def _profile_for(request, worker_id) -> WorkerProfile:
    member = get_worker_for(request.staff_member, worker_id)
    return services.ensure_worker_profile(actor=request.user, member=member)


class WeekTemplateApi(APIView):
    """A worker's usual week. GET it; PUT replaces the whole week; POST adds one shift. Times are
    wall-clock times in the company's time zone. Owner, admin or dispatcher."""

    permission_classes = [CompanyScheduler]

    @extend_schema(responses={200: ShiftTemplateOutput(many=True), 404: ErrorOutput})
    def get(self, request, worker_id):
        member = get_worker_for(request.staff_member, worker_id)
        return Response([template_data(t) for t in shift_templates_of(member.pk)])

    @extend_schema(
        request=WeekTemplateInput, responses={200: ShiftTemplateOutput(many=True), 400: ErrorOutput, 404: ErrorOutput},
        examples=[OpenApiExample("Weekdays nine to six", request_only=True, value={"shifts": [
            {"weekday": d, "start_time": "09:00", "end_time": "18:00"} for d in range(1, 6)]})],
    )
    def put(self, request, worker_id):
        worker = _profile_for(request, worker_id)
        data = parse_input(WeekTemplateInput, request.data)
        created = services.set_week_template(actor=request.user, worker=worker, shifts=[
            (s["weekday"], s["start_time"], s["end_time"]) for s in data["shifts"]])
        return Response([template_data(t) for t in created])

    @extend_schema(request=ShiftTemplateInput,
                   responses={201: ShiftTemplateOutput, 400: ErrorOutput, 404: ErrorOutput})
    def post(self, request, worker_id):
        worker = _profile_for(request, worker_id)
        data = parse_input(ShiftTemplateInput, request.data)
        template = services.add_shift_template(actor=request.user, worker=worker, weekday=data["weekday"],
                                               start_time=data["start_time"], end_time=data["end_time"])
        return Response(template_data(template), status=status.HTTP_201_CREATED)


class ShiftTemplateDetailApi(APIView):
    """PATCH or DELETE one shift of a worker's week. Owner, admin or dispatcher."""

    permission_classes = [CompanyScheduler]

    @extend_schema(request=ShiftTemplateChangeInput,
                   responses={200: ShiftTemplateOutput, 400: ErrorOutput, 404: ErrorOutput})
    def patch(self, request, template_id):
        template = get_shift_template_for(request.staff_member, template_id)
        data = parse_input(ShiftTemplateChangeInput, request.data)
        template = services.update_shift_template(actor=request.user, template=template, changes=data)
        return Response(template_data(template))

    @extend_schema(responses={204: None, 404: ErrorOutput})
    def delete(self, request, template_id):
        template = get_shift_template_for(request.staff_member, template_id)
        services.delete_shift_template(actor=request.user, template=template)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---- dated shifts --------------------------------------------------------------------------------

class DateRangeQuery(serializers.Serializer):
    worker = id_field(required=False)
    start = calendar_date(required=False, help_text="First date (default: today).")
    end = calendar_date(required=False, help_text="Last date (default: 4 weeks on).")

    def validate(self, attrs):
        today = LocalClock(connection.tenant.time_zone).local_date(int(_now_minute()))
        attrs.setdefault("start", today)
        attrs.setdefault("end", attrs["start"] + timedelta(days=27))
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": _("The end is before the start.")})
        if (attrs["end"] - attrs["start"]).days >= MAX_RANGE_DAYS:
            raise serializers.ValidationError({"end": _("Ask for at most %(days)d days.") % {"days": MAX_RANGE_DAYS}})
        return attrs


def _now_minute() -> int:
    from django.utils import timezone

    return int(timezone.now().timestamp() // 60)


RANGE_PARAMETERS = [
    OpenApiParameter("worker", int, required=False, description="Only this worker."),
    OpenApiParameter("start", date, required=False, description="First date (default: today)."),
    OpenApiParameter("end", date, required=False, description="Last date (default: 4 weeks on)."),
]


class ShiftOutput(serializers.Serializer):
    id = serializers.IntegerField()
    worker = serializers.IntegerField()
    date = serializers.DateField()
    start_time = hhmm(allow_null=True, help_text="Empty: a day off.")
    end_time = hhmm(allow_null=True)


def shift_data(shift) -> dict:
    return {"id": shift.pk, "worker": shift.worker_id, "date": shift.date, "start_time": clock_text(shift.start_time),
            "end_time": clock_text(shift.end_time)}


class ShiftInput(serializers.Serializer):
    worker = id_field()
    date = calendar_date()
    start_time = hhmm()
    end_time = hhmm(help_text="At or before the start: the shift ends the next day.")


class ShiftChangeInput(serializers.Serializer):
    start_time = hhmm()
    end_time = hhmm()


class ShiftListApi(APIView):
    """Dated shifts (the roster's own hours: extra shifts, other hours, days off). GET by date range;
    POST adds an extra shift on a date, keeping what the worker already works that day. Owner, admin
    or dispatcher."""

    permission_classes = [CompanyScheduler]

    @extend_schema(parameters=RANGE_PARAMETERS, responses={200: ShiftOutput(many=True), 400: ErrorOutput})
    def get(self, request):
        query = parse_input(DateRangeQuery, request.query_params)
        shifts = shifts_between(first_day=query["start"], last_day=query["end"], worker_id=query.get("worker"))
        return Response([shift_data(s) for s in shifts])

    @extend_schema(request=ShiftInput, responses={201: ShiftOutput, 400: ErrorOutput, 404: ErrorOutput})
    def post(self, request):
        data = parse_input(ShiftInput, request.data)
        worker = _profile_for(request, data["worker"])
        shift = services.create_shift(actor=request.user, worker=worker, day=data["date"],
                                      start_time=data["start_time"], end_time=data["end_time"])
        return Response(shift_data(shift), status=status.HTTP_201_CREATED)


class ShiftDetailApi(APIView):
    """One dated shift: GET, PATCH its times, DELETE it (the last one of a day leaves a day off)."""

    permission_classes = [CompanyScheduler]

    @extend_schema(responses={200: ShiftOutput, 404: ErrorOutput})
    def get(self, request, shift_id):
        return Response(shift_data(get_shift_for(request.staff_member, shift_id)))

    @extend_schema(request=ShiftChangeInput, responses={200: ShiftOutput, 400: ErrorOutput, 404: ErrorOutput})
    def patch(self, request, shift_id):
        shift = get_shift_for(request.staff_member, shift_id)
        data = parse_input(ShiftChangeInput, request.data)
        shift = services.update_shift(actor=request.user, shift=shift, start_time=data["start_time"],
                                      end_time=data["end_time"])
        return Response(shift_data(shift))

    @extend_schema(responses={204: None, 404: ErrorOutput})
    def delete(self, request, shift_id):
        services.delete_shift(actor=request.user, shift=get_shift_for(request.staff_member, shift_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---- time off and company holidays ---------------------------------------------------------------

class TimeOffOutput(serializers.Serializer):
    id = serializers.IntegerField()
    worker = serializers.IntegerField(allow_null=True, help_text="Empty for a company holiday.")
    kind = serializers.ChoiceField(choices=TimeOffKind.choices)
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    start_time = hhmm(allow_null=True, help_text="Empty: from 00:00.")
    end_time = hhmm(allow_null=True, help_text="Empty: to the end of the end date.")
    note = serializers.CharField()
    starts_at = serializers.DateTimeField(help_text="The start as a moment, with the company's UTC offset.")
    ends_at = serializers.DateTimeField()


def time_off_data(time_off: TimeOff, clock: LocalClock) -> dict:
    start, end = clock.span(LocalSpan(time_off.start_date, time_off.end_date, time_off.start_time,
                                      time_off.end_time))
    return {
        "id": time_off.pk, "worker": time_off.worker_id, "kind": time_off.kind, "start_date": time_off.start_date,
        "end_date": time_off.end_date, "start_time": clock_text(time_off.start_time),
        "end_time": clock_text(time_off.end_time),
        "note": time_off.note, "starts_at": clock.local(start).isoformat(), "ends_at": clock.local(end).isoformat(),
    }


def _clock() -> LocalClock:
    return LocalClock(connection.tenant.time_zone)


class TimeOffInput(serializers.Serializer):
    worker = id_field(required=False, allow_null=True, help_text="Leave out for a company holiday.")
    kind = serializers.ChoiceField(choices=TimeOffKind.choices, default=TimeOffKind.TIME_OFF)
    start_date = calendar_date()
    end_date = calendar_date(required=False, help_text="Default: the start date.")
    start_time = hhmm(required=False, allow_null=True)
    end_time = hhmm(required=False, allow_null=True)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class TimeOffChangeInput(serializers.Serializer):
    start_date = calendar_date(required=False)
    end_date = calendar_date(required=False)
    start_time = hhmm(required=False, allow_null=True)
    end_time = hhmm(required=False, allow_null=True)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class TimeOffQuery(DateRangeQuery):
    kind = serializers.ChoiceField(choices=TimeOffKind.choices, required=False)


class TimeOffListApi(APIView):
    """Time off of workers and company holidays (nobody works). GET by date range (a worker's list
    includes the company's holidays); POST one. Owner, admin or dispatcher."""

    permission_classes = [CompanyScheduler]

    @extend_schema(parameters=[*RANGE_PARAMETERS, OpenApiParameter("kind", str, enum=TimeOffKind.values,
                                                                   required=False)],
                   responses={200: TimeOffOutput(many=True), 400: ErrorOutput})
    def get(self, request):
        query = parse_input(TimeOffQuery, request.query_params)
        clock = _clock()
        rows = time_off_between(first_day=query["start"], last_day=query["end"], worker_id=query.get("worker"),
                                kind=query.get("kind"))
        return Response([time_off_data(t, clock) for t in rows])

    @extend_schema(
        request=TimeOffInput, responses={201: TimeOffOutput, 400: ErrorOutput, 404: ErrorOutput},
        examples=[
            OpenApiExample("An afternoon off", request_only=True, value={
                "worker": 12, "start_date": "2026-12-03", "start_time": "13:00", "end_time": "18:00"}),
            OpenApiExample("Spring Festival", request_only=True, value={
                "kind": "holiday", "start_date": "2027-02-06", "end_date": "2027-02-12", "note": "春节"}),
        ],
    )
    def post(self, request):
        data = parse_input(TimeOffInput, request.data)
        worker = _profile_for(request, data["worker"]) if data.get("worker") else None
        time_off = services.create_time_off(
            actor=request.user, worker=worker, kind=data["kind"], start_date=data["start_date"],
            end_date=data.get("end_date") or data["start_date"], start_time=data.get("start_time"),
            end_time=data.get("end_time"), note=data.get("note", ""),
        )
        return Response(time_off_data(time_off, _clock()), status=status.HTTP_201_CREATED)


class TimeOffDetailApi(APIView):
    """One time off or company holiday: GET, PATCH, DELETE. Owner, admin or dispatcher."""

    permission_classes = [CompanyScheduler]

    @extend_schema(responses={200: TimeOffOutput, 404: ErrorOutput})
    def get(self, request, time_off_id):
        return Response(time_off_data(get_time_off_for(request.staff_member, time_off_id), _clock()))

    @extend_schema(request=TimeOffChangeInput, responses={200: TimeOffOutput, 400: ErrorOutput, 404: ErrorOutput})
    def patch(self, request, time_off_id):
        time_off = get_time_off_for(request.staff_member, time_off_id)
        data = parse_input(TimeOffChangeInput, request.data)
        time_off = services.update_time_off(actor=request.user, time_off=time_off, changes=data)
        return Response(time_off_data(time_off, _clock()))

    @extend_schema(responses={204: None, 404: ErrorOutput})
    def delete(self, request, time_off_id):
        services.delete_time_off(actor=request.user, time_off=get_time_off_for(request.staff_member, time_off_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---- the week roster -----------------------------------------------------------------------------

class RosterShiftField(serializers.Serializer):
    start = hhmm()
    end = hhmm(help_text="At or before the start: the shift ends the next day.")


class RosterDayOutput(serializers.Serializer):
    date = serializers.DateField()
    source = serializers.ChoiceField(choices=["template", "roster"],
                                     help_text="roster: this date has its own shifts (or is a day off).")
    shifts = RosterShiftField(many=True)
    time_off = TimeOffOutput(many=True)


class RosterWorkerOutput(serializers.Serializer):
    worker = serializers.IntegerField()
    name = serializers.CharField()
    status = serializers.ChoiceField(choices=WorkerStatus.choices)
    days = RosterDayOutput(many=True)


class RosterOutput(serializers.Serializer):
    week_start = serializers.DateField()
    time_zone = serializers.CharField()
    dates = serializers.ListField(child=serializers.DateField())
    holidays = TimeOffOutput(many=True)
    workers = RosterWorkerOutput(many=True)


class RosterQuery(serializers.Serializer):
    week = calendar_date(required=False, help_text="Any date of the week (default: this week).")


class RosterChangeInput(serializers.Serializer):
    worker = id_field()
    date = calendar_date()
    shifts = RosterShiftField(many=True, allow_null=True, max_length=10,
                              help_text="The day's shifts; [] for a day off; null to follow the week template.")


class RosterInput(serializers.Serializer):
    week_start = calendar_date(help_text="The Monday of the week.")
    changes = RosterChangeInput(many=True, max_length=5000)


def _week_start(day: date) -> date:
    return day - timedelta(days=day.isoweekday() - 1)


def roster_data(viewer: StaffMember, week_start: date) -> dict:
    roster = roster_week(viewer, week_start=week_start)
    clock = _clock()
    return {
        "week_start": week_start, "time_zone": connection.tenant.time_zone,
        "dates": [week_start + timedelta(days=i) for i in range(7)],
        "holidays": [time_off_data(t, clock) for t in roster.holidays],
        "workers": [
            {
                "worker": row.member.pk, "name": str(row.member),
                "status": profile.status if (profile := profile_of(row.member)) else WorkerStatus.ACTIVE,
                "days": [
                    {"date": d.day, "source": "roster" if d.from_roster else "template",
                     "shifts": [{"start": clock_text(s), "end": clock_text(e)} for s, e in d.shifts],
                     "time_off": [time_off_data(t, clock) for t in d.time_off]}
                    for d in row.days
                ],
            }
            for row in roster.rows
        ],
    }


class RosterApi(APIView):
    """The week roster of every worker. GET a week; PUT sets many workers' days at once (all or
    nothing). Owner, admin or dispatcher."""

    permission_classes = [CompanyScheduler]

    @extend_schema(parameters=[OpenApiParameter("week", date, required=False,
                                                description="Any date of the week (default: this week).")],
                   responses={200: RosterOutput, 400: ErrorOutput})
    def get(self, request):
        query = parse_input(RosterQuery, request.query_params)
        day = query.get("week") or _clock().local_date(_now_minute())
        return Response(roster_data(request.staff_member, _week_start(day)))

    @extend_schema(
        request=RosterInput, responses={200: RosterOutput, 400: ErrorOutput},
        examples=[OpenApiExample("Two workers' Tuesday", request_only=True, value={
            "week_start": "2026-11-30", "changes": [
                {"worker": 12, "date": "2026-12-01", "shifts": [{"start": "08:00", "end": "12:00"},
                                                                {"start": "13:00", "end": "17:00"}]},
                {"worker": 13, "date": "2026-12-01", "shifts": []},
                {"worker": 14, "date": "2026-12-01", "shifts": None},
            ]})],
    )
    def put(self, request):
        data = parse_input(RosterInput, request.data)
        viewer = request.staff_member
        ids = {c["worker"] for c in data["changes"]}
        members = {m.pk: m for m in workers_for(viewer).filter(pk__in=ids)}
        missing = {f"changes.{i}.worker": [_("No such worker.")]
                   for i, c in enumerate(data["changes"]) if c["worker"] not in members}
        if missing:
            raise ValidationFailed(missing)
        changes = [
            services.RosterChange(
                worker=members[c["worker"]], day=c["date"],
                shifts=None if c["shifts"] is None else tuple((s["start"], s["end"]) for s in c["shifts"]),
            )
            for c in data["changes"]
        ]
        services.set_roster(actor=request.user, week_start=data["week_start"], changes=changes)
        return Response(roster_data(viewer, data["week_start"]))
