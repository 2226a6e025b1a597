"""The company's scheduling settings: slot step, buffers, travel speed, hold length."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput, parse_input
from shared_apps.core.operations import OperationRouter
from tenant_apps.people.permissions import CompanyManager, OfficeStaff

from ..models import SLOT_MINUTES_CHOICES
from ..selectors import scheduling_settings
from ..services import configuration


class SchedulingSettingsOutput(serializers.Serializer):
    slot_minutes = serializers.ChoiceField(choices=SLOT_MINUTES_CHOICES)
    buffer_before_minutes = serializers.IntegerField()
    buffer_after_minutes = serializers.IntegerField()
    travel_minutes_per_km = serializers.DecimalField(max_digits=5, decimal_places=2)
    hold_minutes = serializers.IntegerField()
    max_holds_per_customer = serializers.IntegerField()


class SchedulingSettingsInput(serializers.Serializer):
    slot_minutes = serializers.ChoiceField(choices=SLOT_MINUTES_CHOICES, required=False)
    buffer_before_minutes = serializers.IntegerField(min_value=0, max_value=240, required=False)
    buffer_after_minutes = serializers.IntegerField(min_value=0, max_value=240, required=False)
    travel_minutes_per_km = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=60,
                                                     required=False)
    hold_minutes = serializers.IntegerField(min_value=1, max_value=60, required=False)
    max_holds_per_customer = serializers.IntegerField(min_value=1, max_value=100_000, required=False)


def _settings_data(row) -> dict:
    data = {name: getattr(row, name) for name in configuration.SETTINGS_FIELDS}
    data["travel_minutes_per_km"] = f"{row.travel_minutes_per_km:.2f}"
    return data


class SchedulingSettingsApi(APIView):
    """The scheduling settings (office staff)."""

    permission_classes = [OfficeStaff]

    @extend_schema(responses={200: SchedulingSettingsOutput})
    def get(self, request):
        return Response(_settings_data(scheduling_settings()))


class SchedulingSettingsUpdateApi(APIView):
    """Change the scheduling settings (owner/admin)."""

    permission_classes = [CompanyManager]

    @extend_schema(request=SchedulingSettingsInput, responses={200: SchedulingSettingsOutput, 400: ErrorOutput})
    def patch(self, request):
        data = parse_input(SchedulingSettingsInput, request.data)
        return Response(_settings_data(configuration.update_scheduling_settings(actor=request.user, changes=data)))


class SchedulingSettingsRoutes(OperationRouter):
    """How the calendar works: slot step, buffers around jobs, travel speed, hold length. GET: office
    staff; PATCH: owner/admin."""

    operations = {"get": SchedulingSettingsApi, "patch": SchedulingSettingsUpdateApi}
