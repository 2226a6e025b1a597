"""Dated shifts: the roster's own hours (extra shifts, other hours, days off)."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput, parse_input
from shared_apps.core.fields import calendar_date, id_field
from shared_apps.core.operations import OperationRouter

from .. import services
from ..permissions import CompanyScheduler
from ..selectors import get_shift_for, shifts_between
from .inputs import RANGE_PARAMETERS, DateRangeQuery, clock_text, hhmm, worker_profile_for


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
    """Dated shifts by date range (owner, admin or dispatcher)."""

    permission_classes = [CompanyScheduler]

    @extend_schema(parameters=RANGE_PARAMETERS, responses={200: ShiftOutput(many=True), 400: ErrorOutput})
    def get(self, request):
        query = parse_input(DateRangeQuery, request.query_params)
        shifts = shifts_between(first_day=query["start"], last_day=query["end"], worker_id=query.get("worker"))
        return Response([shift_data(s) for s in shifts])


class ShiftAddApi(APIView):
    """Add an extra shift on a date, keeping what the worker already works that day."""

    permission_classes = [CompanyScheduler]

    @extend_schema(request=ShiftInput, responses={201: ShiftOutput, 400: ErrorOutput, 404: ErrorOutput})
    def post(self, request):
        data = parse_input(ShiftInput, request.data)
        worker = worker_profile_for(request, data["worker"])
        shift = services.create_shift(actor=request.user, worker=worker, day=data["date"],
                                      start_time=data["start_time"], end_time=data["end_time"])
        return Response(shift_data(shift), status=status.HTTP_201_CREATED)


class ShiftRoutes(OperationRouter):
    """Dated shifts (the roster's own hours: extra shifts, other hours, days off). GET by date range;
    POST adds an extra shift on a date, keeping what the worker already works that day. Owner, admin
    or dispatcher."""

    operations = {"get": ShiftListApi, "post": ShiftAddApi}


class ShiftDetailApi(APIView):
    """One dated shift (owner, admin or dispatcher)."""

    permission_classes = [CompanyScheduler]

    @extend_schema(responses={200: ShiftOutput, 404: ErrorOutput})
    def get(self, request, shift_id):
        return Response(shift_data(get_shift_for(request.staff_member, shift_id)))


class ShiftChangeApi(APIView):
    """Change a dated shift's times."""

    permission_classes = [CompanyScheduler]

    @extend_schema(request=ShiftChangeInput, responses={200: ShiftOutput, 400: ErrorOutput, 404: ErrorOutput})
    def patch(self, request, shift_id):
        shift = get_shift_for(request.staff_member, shift_id)
        data = parse_input(ShiftChangeInput, request.data)
        shift = services.update_shift(actor=request.user, shift=shift, start_time=data["start_time"],
                                      end_time=data["end_time"])
        return Response(shift_data(shift))


class ShiftDeleteApi(APIView):
    """Delete a dated shift (the last one of a day leaves a day off)."""

    permission_classes = [CompanyScheduler]

    @extend_schema(responses={204: None, 404: ErrorOutput})
    def delete(self, request, shift_id):
        services.delete_shift(actor=request.user, shift=get_shift_for(request.staff_member, shift_id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ShiftDetailRoutes(OperationRouter):
    """One dated shift: GET, PATCH its times, DELETE it (the last one of a day leaves a day off)."""

    operations = {"get": ShiftDetailApi, "patch": ShiftChangeApi, "delete": ShiftDeleteApi}
