"""Back-office price rules: catalog settings (base, booking horizon, quote lifetime), surcharges,
service zones and the holiday calendar. Owners and admins only."""
from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import parse_input
from shared_apps.core.fields import amount_field, id_field
from shared_apps.core.operations import OperationRouter
from tenant_apps.people.permissions import CompanyManager

from .. import selectors, services
from ..choices import SurchargeKind, ZoneKind
from .fields import TranslatedTextField
from .office_base import ERRORS, OfficeRowDetailApi, OfficeRowListApi, text_output

# ---- settings ------------------------------------------------------------------------------------

class OfficeCatalogSettingsInput(serializers.Serializer):
    currency = serializers.RegexField(r"^[A-Z]{3}$", required=False)
    base_latitude = serializers.FloatField(min_value=-90, max_value=90, allow_null=True, required=False)
    base_longitude = serializers.FloatField(min_value=-180, max_value=180, allow_null=True, required=False)
    booking_horizon_days = serializers.IntegerField(min_value=1, max_value=365, required=False)
    quote_ttl_minutes = serializers.IntegerField(min_value=1, max_value=24 * 60, required=False)


class OfficeCatalogSettingsOutput(serializers.Serializer):
    currency = serializers.CharField()
    base_latitude = serializers.FloatField(allow_null=True)
    base_longitude = serializers.FloatField(allow_null=True)
    booking_horizon_days = serializers.IntegerField()
    quote_ttl_minutes = serializers.IntegerField()


class OfficeCatalogSettingsApi(APIView):
    """The catalog settings (owners and admins)."""

    permission_classes = [CompanyManager]

    @extend_schema(responses={200: OfficeCatalogSettingsOutput, **ERRORS})
    def get(self, request):
        return Response(OfficeCatalogSettingsOutput(selectors.catalog_settings()).data)


class OfficeCatalogSettingsChangeApi(APIView):
    """Change the catalog settings."""

    permission_classes = [CompanyManager]

    @extend_schema(
        request=OfficeCatalogSettingsInput, responses={200: OfficeCatalogSettingsOutput, **ERRORS},
        examples=[OpenApiExample("Base in central Shanghai", request_only=True, value={
            "base_latitude": 31.2304, "base_longitude": 121.4737, "booking_horizon_days": 60})],
    )
    def patch(self, request):
        data = parse_input(OfficeCatalogSettingsInput, request.data)
        row = services.update_catalog_settings(actor=request.user, changes=data)
        return Response(OfficeCatalogSettingsOutput(row).data)


class OfficeCatalogSettingsRoutes(OperationRouter):
    """GET / PATCH the catalog settings: currency, the base (for radius zones and distance
    surcharges), the booking horizon and how long a quote stays valid."""

    operations = {"get": OfficeCatalogSettingsApi, "patch": OfficeCatalogSettingsChangeApi}


# ---- surcharges, zones, holidays -----------------------------------------------------------------

class OfficeSurchargeInput(serializers.Serializer):
    service = id_field(required=False, allow_null=True, help_text="Empty: applies to every service.")
    name = TranslatedTextField(required_text=True)
    kind = serializers.ChoiceField(choices=SurchargeKind.choices)
    percent = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=0, max_value=500, required=False)
    amount = amount_field(required=False)
    amount_per_km = amount_field(required=False)
    start_time = serializers.TimeField(required=False, allow_null=True)
    end_time = serializers.TimeField(required=False, allow_null=True)
    weekdays = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=7), max_length=7,
                                     required=False)
    within_hours = serializers.IntegerField(min_value=1, max_value=24 * 14, required=False, allow_null=True)
    beyond_km = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0, required=False,
                                         allow_null=True)
    position = serializers.IntegerField(min_value=0, max_value=100_000, required=False)
    is_active = serializers.BooleanField(required=False)


class OfficeSurchargeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    service_id = serializers.IntegerField(allow_null=True)
    name = text_output()
    kind = serializers.CharField()
    percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    amount = serializers.IntegerField()
    amount_per_km = serializers.IntegerField()
    start_time = serializers.TimeField(allow_null=True)
    end_time = serializers.TimeField(allow_null=True)
    weekdays = serializers.ListField(child=serializers.IntegerField())
    within_hours = serializers.IntegerField(allow_null=True)
    beyond_km = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    position = serializers.IntegerField()
    is_active = serializers.BooleanField()


@extend_schema_view(
    get=extend_schema(responses={200: OfficeSurchargeOutput(many=True), **ERRORS}),
    post=extend_schema(
        request=OfficeSurchargeInput, responses={201: OfficeSurchargeOutput, **ERRORS},
        examples=[
            OpenApiExample("Evenings +20%", request_only=True, value={
                "name": {"en": "Evening", "zh-hans": "夜间服务"}, "kind": "time_of_day", "percent": "20",
                "start_time": "19:00", "end_time": "08:00"}),
            OpenApiExample("Booked within 2 hours: ¥50", request_only=True, value={
                "name": {"en": "Urgent", "zh-hans": "加急"}, "kind": "urgency", "amount": 5000, "within_hours": 2}),
            OpenApiExample("¥3 per km beyond 10 km", request_only=True, value={
                "name": {"en": "Distance", "zh-hans": "远程费"}, "kind": "distance", "amount_per_km": 300,
                "beyond_km": "10"}),
        ],
    ),
)
class OfficeSurchargeListApi(OfficeRowListApi):
    """GET every surcharge; POST one (time of day, weekday, holiday, urgency or distance)."""

    input_class, output_class = OfficeSurchargeInput, OfficeSurchargeOutput
    rows, create = selectors.office_surcharges, services.create_surcharge
    linked = ("service", selectors.get_service_for)


@extend_schema_view(
    get=extend_schema(responses={200: OfficeSurchargeOutput, **ERRORS}),
    patch=extend_schema(request=OfficeSurchargeInput, responses={200: OfficeSurchargeOutput, **ERRORS},
                        examples=[OpenApiExample("Switch off", request_only=True, value={"is_active": False})]),
    delete=extend_schema(responses={204: None, **ERRORS}),
)
class OfficeSurchargeDetailApi(OfficeRowDetailApi):
    """GET, PATCH or DELETE one surcharge."""

    input_class, output_class, row_name = OfficeSurchargeInput, OfficeSurchargeOutput, "surcharge"
    fetch, update, remove = selectors.get_surcharge_for, services.update_surcharge, services.delete_surcharge
    linked = ("service", selectors.get_service_for)


class OfficeZoneInput(serializers.Serializer):
    name = TranslatedTextField(required_text=True)
    kind = serializers.ChoiceField(choices=ZoneKind.choices)
    center_latitude = serializers.FloatField(min_value=-90, max_value=90, required=False, allow_null=True)
    center_longitude = serializers.FloatField(min_value=-180, max_value=180, required=False, allow_null=True)
    radius_km = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=Decimal("0.01"), required=False,
                                         allow_null=True)
    polygon = serializers.ListField(
        child=serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2),
        max_length=500, required=False, help_text="[[latitude, longitude], ...], at least 3 points.",
    )
    surcharge = amount_field(required=False)
    position = serializers.IntegerField(min_value=0, max_value=100_000, required=False)
    is_active = serializers.BooleanField(required=False)


class OfficeZoneOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = text_output()
    kind = serializers.CharField()
    center_latitude = serializers.FloatField(allow_null=True)
    center_longitude = serializers.FloatField(allow_null=True)
    radius_km = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    polygon = serializers.ListField(child=serializers.ListField(child=serializers.FloatField()))
    surcharge = serializers.IntegerField()
    position = serializers.IntegerField()
    is_active = serializers.BooleanField()


@extend_schema_view(
    get=extend_schema(responses={200: OfficeZoneOutput(many=True), **ERRORS}),
    post=extend_schema(
        request=OfficeZoneInput, responses={201: OfficeZoneOutput, **ERRORS},
        examples=[
            OpenApiExample("10 km around the base, free", request_only=True, value={
                "name": {"en": "City centre", "zh-hans": "市区"}, "kind": "radius", "radius_km": "10"}),
            OpenApiExample("A district, ¥20", request_only=True, value={
                "name": {"en": "Pudong", "zh-hans": "浦东"}, "kind": "polygon", "surcharge": 2000,
                "polygon": [[31.25, 121.50], [31.25, 121.65], [31.15, 121.65], [31.15, 121.50]]}),
        ],
    ),
)
class OfficeZoneListApi(OfficeRowListApi):
    """GET every zone; POST one. With zones, only addresses inside one can be quoted."""

    input_class, output_class = OfficeZoneInput, OfficeZoneOutput
    rows, create = selectors.office_zones, services.create_zone


@extend_schema_view(
    get=extend_schema(responses={200: OfficeZoneOutput, **ERRORS}),
    patch=extend_schema(request=OfficeZoneInput, responses={200: OfficeZoneOutput, **ERRORS},
                        examples=[OpenApiExample("Wider", request_only=True, value={"radius_km": "15"})]),
    delete=extend_schema(responses={204: None, **ERRORS}),
)
class OfficeZoneDetailApi(OfficeRowDetailApi):
    """GET, PATCH or DELETE one zone."""

    input_class, output_class, row_name = OfficeZoneInput, OfficeZoneOutput, "zone"
    fetch, update, remove = selectors.get_zone_for, services.update_zone, services.delete_zone


class OfficeHolidayInput(serializers.Serializer):
    date = serializers.DateField()
    name = TranslatedTextField(required_text=True)


class OfficeHolidayOutput(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    name = text_output()


@extend_schema_view(
    get=extend_schema(responses={200: OfficeHolidayOutput(many=True), **ERRORS}),
    post=extend_schema(request=OfficeHolidayInput, responses={201: OfficeHolidayOutput, **ERRORS},
                       examples=[OpenApiExample("National Day", request_only=True, value={
                           "date": "2026-10-01", "name": {"en": "National Day", "zh-hans": "国庆节"}})]),
)
class OfficeHolidayListApi(OfficeRowListApi):
    """GET the company's holiday calendar; POST a holiday (holiday surcharges apply on it)."""

    input_class, output_class = OfficeHolidayInput, OfficeHolidayOutput
    rows, create = selectors.office_holidays, services.create_holiday


@extend_schema_view(
    get=extend_schema(responses={200: OfficeHolidayOutput, **ERRORS}),
    patch=extend_schema(request=OfficeHolidayInput, responses={200: OfficeHolidayOutput, **ERRORS},
                        examples=[OpenApiExample("Moved", request_only=True, value={"date": "2026-10-02"})]),
    delete=extend_schema(responses={204: None, **ERRORS}),
)
class OfficeHolidayDetailApi(OfficeRowDetailApi):
    """GET, PATCH or DELETE one holiday."""

    input_class, output_class, row_name = OfficeHolidayInput, OfficeHolidayOutput, "holiday"
    fetch, update, remove = selectors.get_holiday_for, services.update_holiday, services.delete_holiday
