"""Time off of a worker and company holidays."""
from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput, parse_input
from shared_apps.core.fields import calendar_date, id_field
from shared_apps.core.hours import LocalClock, LocalSpan
from shared_apps.core.operations import OperationRouter

from .. import services
from ..models import TimeOff, TimeOffKind
from ..permissions import CompanyScheduler
from ..selectors import get_time_off_for, time_off_between
from .inputs import RANGE_PARAMETERS, DateRangeQuery, clock_text, company_clock, hhmm, worker_profile_for


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
    """Time off and company holidays by date range (owner, admin or dispatcher)."""

    permission_classes = [CompanyScheduler]

    @extend_schema(parameters=[*RANGE_PARAMETERS, OpenApiParameter("kind", str, enum=TimeOffKind.values,
                                                                   required=False)],
                   responses={200: TimeOffOutput(many=True), 400: ErrorOutput})
    def get(self, request):
        query = parse_input(TimeOffQuery, request.query_params)
        clock = company_clock()
        rows = time_off_between(first_day=query["start"], last_day=query["end"], worker_id=query.get("worker"),
                                kind=query.get("kind"))
        return Response([time_off_data(t, clock) for t in rows])


class TimeOffAddApi(APIView):
    """Add time off of a worker, or a company holiday."""

    permission_classes = [CompanyScheduler]

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
        worker = worker_profile_for(request, data["worker"]) if data.get("worker") else None
        time_off = services.create_time_off(
            actor=request.user, worker=worker, kind=data["kind"], start_date=data["start_date"],
            end_date=data.get("end_date") or data["start_date"], start_time=data.get("start_time"),
            end_time=data.get("end_time"), note=data.get("note", ""),
        )
        return Response(time_off_data(time_off, company_clock()), status=status.HTTP_201_CREATED)


class TimeOffRoutes(OperationRouter):
    """Time off of workers and company holidays (nobody works). GET by date range (a worker's list
    includes the company's holidays); POST one. Owner, admin or dispatcher."""

    operations = {"get": TimeOffListApi, "post": TimeOffAddApi}


class TimeOffDetailApi(APIView):
    """One time off or company holiday (owner, admin or dispatcher)."""

    permission_classes = [CompanyScheduler]

    @extend_schema(responses={200: TimeOffOutput, 404: ErrorOutput})
    def get(self, request, time_off_id):
        return Response(time_off_data(get_time_off_for(request.staff_member, time_off_id), company_clock()))


class TimeOffChangeApi(APIView):
    """Change one time off or company holiday."""

    permission_classes = [CompanyScheduler]

    @extend_schema(request=TimeOffChangeInput, responses={200: TimeOffOutput, 400: ErrorOutput, 404: ErrorOutput})
    def patch(self, request, time_off_id):
        time_off = get_time_off_for(request.staff_member, time_off_id)
        data = parse_input(TimeOffChangeInput, request.data)
        time_off = services.update_time_off(actor=request.user, time_off=time_off, changes=data)
        return Response(time_off_data(time_off, company_clock()))


class TimeOffDeleteApi(APIView):
    """Delete one time off or company holiday."""

    permission_classes = [CompanyScheduler]

    @extend_schema(responses={204: None, 404: ErrorOutput})
    def delete(self, request, time_off_id):
        services.delete_time_off(actor=request.user, time_off=get_time_off_for(request.staff_member, time_off_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class TimeOffDetailRoutes(OperationRouter):
    """One time off or company holiday: GET, PATCH, DELETE. Owner, admin or dispatcher."""

    operations = {"get": TimeOffDetailApi, "patch": TimeOffChangeApi, "delete": TimeOffDeleteApi}
