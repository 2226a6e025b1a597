"""The week roster: every worker's days, set many at once."""
from __future__ import annotations

from datetime import date, timedelta

from django.db import connection
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput, parse_input
from shared_apps.core.errors import ValidationFailed
from shared_apps.core.fields import calendar_date, id_field
from shared_apps.core.operations import OperationRouter
from tenant_apps.people.models import StaffMember

from .. import services
from ..models import WorkerStatus
from ..permissions import CompanyScheduler
from ..selectors import profile_of, roster_week, workers_for
from .inputs import clock_text, company_clock, hhmm, now_minute
from .time_off import TimeOffOutput, time_off_data


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
    clock = company_clock()
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
    """The week roster of every worker (owner, admin or dispatcher)."""

    permission_classes = [CompanyScheduler]

    @extend_schema(parameters=[OpenApiParameter("week", date, required=False,
                                                description="Any date of the week (default: this week).")],
                   responses={200: RosterOutput, 400: ErrorOutput})
    def get(self, request):
        query = parse_input(RosterQuery, request.query_params)
        day = query.get("week") or company_clock().local_date(now_minute())
        return Response(roster_data(request.staff_member, _week_start(day)))


class RosterSetApi(APIView):
    """Set many workers' days at once (all or nothing)."""

    permission_classes = [CompanyScheduler]

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


class RosterRoutes(OperationRouter):
    """The week roster of every worker. GET a week; PUT sets many workers' days at once (all or
    nothing). Owner, admin or dispatcher."""

    operations = {"get": RosterApi, "put": RosterSetApi}
