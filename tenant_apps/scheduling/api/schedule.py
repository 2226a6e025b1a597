"""A worker's schedule: working time, assignments and time busy elsewhere."""
from __future__ import annotations

from django.db import connection
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput, parse_input
from shared_apps.core.approximate import approximate_coordinate
from shared_apps.core.fields import calendar_date
from tenant_apps.people.permissions import CompanyStaff
from tenant_apps.workforce.selectors import get_worker_for

from ..models import AssignmentStatus
from ..selectors import worker_schedule
from .dates import MAX_SCHEDULE_DAYS, DateRangeMixin, local_iso


class ScheduleQuery(DateRangeMixin, serializers.Serializer):
    max_days = MAX_SCHEDULE_DAYS
    start = calendar_date(required=False)
    end = calendar_date(required=False)


class ScheduleSpanOutput(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class ScheduleLocationOutput(serializers.Serializer):
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()
    is_approximate = serializers.BooleanField(
        help_text="True for a worker: about a kilometre; the exact place is on the accepted task.")


class ScheduleAssignmentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    hold_id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=AssignmentStatus.choices)
    service = serializers.IntegerField(allow_null=True)
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    blocked_from = serializers.DateTimeField(help_text="The start minus the buffer before.")
    blocked_until = serializers.DateTimeField(help_text="The end plus the buffer after.")
    crew_size = serializers.IntegerField()
    expires_at = serializers.DateTimeField(allow_null=True)
    location = ScheduleLocationOutput(allow_null=True, help_text="Workers see it for booked jobs only, and "
                                      "only to about a kilometre.")


class WorkerScheduleOutput(serializers.Serializer):
    worker = serializers.IntegerField()
    time_zone = serializers.CharField()
    working = ScheduleSpanOutput(many=True, help_text="Working time: shifts less time off and holidays.")
    assignments = ScheduleAssignmentOutput(many=True)
    busy_elsewhere = ScheduleSpanOutput(many=True, help_text="Times the person is committed to another company "
                                                            "(never which, nor where).")


class WorkerScheduleApi(APIView):
    """A worker's working time and assignments over a date range ("me" for the caller). Office staff
    see any worker's; a worker sees only their own."""

    permission_classes = [CompanyStaff]

    @extend_schema(parameters=[OpenApiParameter("start", str, required=False, description="YYYY-MM-DD"),
                               OpenApiParameter("end", str, required=False, description="YYYY-MM-DD")],
                   responses={200: WorkerScheduleOutput, 400: ErrorOutput, 404: ErrorOutput})
    def get(self, request, worker_id):
        viewer = request.staff_member
        member = get_worker_for(viewer, viewer.pk if worker_id == "me" else worker_id)
        query = parse_input(ScheduleQuery, request.query_params)
        schedule = worker_schedule(member.pk, first_day=query["start"], last_day=query["end"], now=timezone.now())
        sees_places = viewer.is_office_staff

        def location(a):
            if a.latitude is None or not (sees_places or a.status == AssignmentStatus.BOOKED):
                return None
            if sees_places:
                return {"latitude": float(a.latitude), "longitude": float(a.longitude), "is_approximate": False}
            # A worker's schedule does not know whether the task is accepted: never the exact place.
            return {"latitude": approximate_coordinate(a.latitude), "longitude": approximate_coordinate(a.longitude),
                    "is_approximate": True}

        return Response({
            "worker": member.pk, "time_zone": connection.tenant.time_zone,
            "working": [{"start": local_iso(a), "end": local_iso(b)} for a, b in schedule.working],
            "assignments": [
                {"id": a.pk, "hold_id": str(a.hold_id), "status": a.status, "service": a.service_id,
                 "start": local_iso(a.starts_at), "end": local_iso(a.ends_at),
                 "blocked_from": local_iso(a.period.lower), "blocked_until": local_iso(a.period.upper),
                 "crew_size": a.crew_size,
                 "expires_at": local_iso(a.expires_at) if a.expires_at else None, "location": location(a)}
                for a in schedule.assignments
            ],
            "busy_elsewhere": [{"start": local_iso(a), "end": local_iso(b)} for a, b in schedule.busy_elsewhere],
        })
