"""A worker's usual week (shift templates)."""
from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput, parse_input
from shared_apps.core.operations import OperationRouter

from .. import services
from ..permissions import CompanyScheduler
from ..selectors import get_shift_template_for, get_worker_for, shift_templates_of
from .inputs import clock_text, hhmm, worker_profile_for


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


class WeekTemplateApi(APIView):
    """A worker's usual week (owner, admin or dispatcher)."""

    permission_classes = [CompanyScheduler]

    @extend_schema(responses={200: ShiftTemplateOutput(many=True), 404: ErrorOutput})
    def get(self, request, worker_id):
        member = get_worker_for(request.staff_member, worker_id)
        return Response([template_data(t) for t in shift_templates_of(member.pk)])


class WeekTemplateSetApi(APIView):
    """Replace a worker's whole week; times are wall-clock times in the company's time zone."""

    permission_classes = [CompanyScheduler]

    @extend_schema(
        request=WeekTemplateInput, responses={200: ShiftTemplateOutput(many=True), 400: ErrorOutput, 404: ErrorOutput},
        examples=[OpenApiExample("Weekdays nine to six", request_only=True, value={"shifts": [
            {"weekday": d, "start_time": "09:00", "end_time": "18:00"} for d in range(1, 6)]})],
    )
    def put(self, request, worker_id):
        worker = worker_profile_for(request, worker_id)
        data = parse_input(WeekTemplateInput, request.data)
        created = services.set_week_template(actor=request.user, worker=worker, shifts=[
            (s["weekday"], s["start_time"], s["end_time"]) for s in data["shifts"]])
        return Response([template_data(t) for t in created])


class ShiftTemplateAddApi(APIView):
    """Add one shift to a worker's week."""

    permission_classes = [CompanyScheduler]

    @extend_schema(request=ShiftTemplateInput,
                   responses={201: ShiftTemplateOutput, 400: ErrorOutput, 404: ErrorOutput})
    def post(self, request, worker_id):
        worker = worker_profile_for(request, worker_id)
        data = parse_input(ShiftTemplateInput, request.data)
        template = services.add_shift_template(actor=request.user, worker=worker, weekday=data["weekday"],
                                               start_time=data["start_time"], end_time=data["end_time"])
        return Response(template_data(template), status=status.HTTP_201_CREATED)


class WeekTemplateRoutes(OperationRouter):
    """A worker's usual week. GET it; PUT replaces the whole week; POST adds one shift. Times are
    wall-clock times in the company's time zone. Owner, admin or dispatcher."""

    operations = {"get": WeekTemplateApi, "put": WeekTemplateSetApi, "post": ShiftTemplateAddApi}


class ShiftTemplateChangeApi(APIView):
    """Change one shift of a worker's week (owner, admin or dispatcher)."""

    permission_classes = [CompanyScheduler]

    @extend_schema(request=ShiftTemplateChangeInput,
                   responses={200: ShiftTemplateOutput, 400: ErrorOutput, 404: ErrorOutput})
    def patch(self, request, template_id):
        template = get_shift_template_for(request.staff_member, template_id)
        data = parse_input(ShiftTemplateChangeInput, request.data)
        template = services.update_shift_template(actor=request.user, template=template, changes=data)
        return Response(template_data(template))


class ShiftTemplateDeleteApi(APIView):
    """Delete one shift of a worker's week."""

    permission_classes = [CompanyScheduler]

    @extend_schema(responses={204: None, 404: ErrorOutput})
    def delete(self, request, template_id):
        template = get_shift_template_for(request.staff_member, template_id)
        services.delete_shift_template(actor=request.user, template=template)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ShiftTemplateRoutes(OperationRouter):
    """PATCH or DELETE one shift of a worker's week. Owner, admin or dispatcher."""

    operations = {"patch": ShiftTemplateChangeApi, "delete": ShiftTemplateDeleteApi}
