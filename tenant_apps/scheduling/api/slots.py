"""Slots: when a service can be done at an address (anyone may ask)."""
from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput, parse_input
from shared_apps.core.errors import ValidationFailed
from shared_apps.core.fields import calendar_date, id_field
from shared_apps.core.geo import GeoPoint
from shared_apps.core.permissions import Anyone
from tenant_apps.catalog.pricing import AddOnChoice
from tenant_apps.people.models import OFFICE_ROLES
from tenant_apps.people.selectors import staff_member_of

from ..calendar import days_data
from ..collector import collection_paused
from ..engine import find_slots
from ..selectors import JobRequest, availability_search, job_terms_for
from .dates import MAX_SEARCH_DAYS, DateRangeMixin


class AddOnListField(serializers.CharField):
    """"5,7:2": add-on 5 once and add-on 7 twice."""

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        choices = []
        for part in filter(None, (p.strip() for p in text.split(","))):
            add_on, _sep, quantity = part.partition(":")
            if not add_on.isdigit() or (quantity and not quantity.isdigit()):
                raise serializers.ValidationError(_("Write add-ons as id or id:quantity, separated by commas."))
            count = int(quantity or 1)
            if not (0 < int(add_on) < 2**63 and 1 <= count <= 1000):
                raise serializers.ValidationError(_("Write add-ons as id or id:quantity, separated by commas."))
            choices.append(AddOnChoice(add_on_id=int(add_on), quantity=count))
        if len(choices) > 30:
            raise serializers.ValidationError(_("Choose at most 30 add-ons."))
        return tuple(choices)


class SlotsQuery(DateRangeMixin, serializers.Serializer):
    service = id_field()
    variant = id_field(required=False)
    add_ons = AddOnListField(required=False, max_length=400)
    quantity = serializers.IntegerField(min_value=1, max_value=100_000, required=False)
    duration_minutes = serializers.IntegerField(min_value=1, max_value=24 * 60, required=False)
    latitude = serializers.FloatField(min_value=-90, max_value=90)
    longitude = serializers.FloatField(min_value=-180, max_value=180)
    start = calendar_date(required=False)
    end = calendar_date(required=False)
    worker = id_field(required=False)


class SlotOutput(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    available = serializers.IntegerField(help_text="How many workers could take it (at least the crew size).")
    workers = serializers.ListField(child=serializers.IntegerField(), required=False,
                                    help_text="Office staff only: who, best first.")


class SlotDayOutput(serializers.Serializer):
    date = serializers.DateField()
    slots = SlotOutput(many=True)


class SlotsOutput(serializers.Serializer):
    service = serializers.IntegerField()
    variant = serializers.IntegerField()
    duration_minutes = serializers.IntegerField()
    crew_size = serializers.IntegerField()
    time_zone = serializers.CharField()
    slot_minutes = serializers.IntegerField()
    days = SlotDayOutput(many=True)


SLOT_PARAMETERS = [
    OpenApiParameter("service", int, required=True),
    OpenApiParameter("variant", int, required=False, description="Needed when the service has several."),
    OpenApiParameter("add_ons", str, required=False, description="id or id:quantity, comma-separated: 5,7:2"),
    OpenApiParameter("quantity", int, required=False, description="Units, kg or m² (variants priced by quantity)."),
    OpenApiParameter("duration_minutes", int, required=False, description="Hourly variants: the hours booked."),
    OpenApiParameter("latitude", float, required=True),
    OpenApiParameter("longitude", float, required=True),
    OpenApiParameter("start", str, required=False, description="First date (YYYY-MM-DD, default today)."),
    OpenApiParameter("end", str, required=False, description=f"Last date (default a week on; at most "
                                                              f"{MAX_SEARCH_DAYS} days)."),
    OpenApiParameter("worker", int, required=False, description="Only this worker (a favourite)."),
]
SLOTS_EXAMPLE = {
    "service": 3, "variant": 7, "duration_minutes": 180, "crew_size": 1, "time_zone": "Asia/Shanghai",
    "slot_minutes": 30, "days": [{"date": "2026-12-01", "slots": [
        {"start": "2026-12-01T09:00:00+08:00", "end": "2026-12-01T12:00:00+08:00", "available": 4},
        {"start": "2026-12-01T09:30:00+08:00", "end": "2026-12-01T12:30:00+08:00", "available": 3},
    ]}],
}


def job_request(data: dict, location: GeoPoint) -> JobRequest:
    return JobRequest(service_id=data["service"], variant_id=data.get("variant"), add_ons=data.get("add_ons", ()),
                      quantity=data.get("quantity"), duration_minutes=data.get("duration_minutes"), location=location)


def _query_fields(fields: dict[str, list[str]]) -> dict[str, list[str]]:
    """Field errors named after the query's parameters: "add_ons.0.add_on" is "add_ons", "address" is
    "latitude"."""
    out: dict[str, list[str]] = {}
    for name, errors in fields.items():
        key = name.split(".", 1)[0]
        key = "latitude" if key == "address" else key
        out.setdefault(key, []).extend(errors)
    return out


def _is_office(request) -> bool:
    member = staff_member_of(request.user)
    return member is not None and member.role in OFFICE_ROLES


class SlotsApi(APIView):
    """The start times at which a service can be done at an address, day by day, in the company's
    time zone: qualified workers free for the whole job (a crew: enough of them together), with
    buffers and travel between jobs, lead time and booking horizon respected. Anyone may ask; only
    office staff see which workers."""

    permission_classes = [Anyone]

    @extend_schema(
        parameters=SLOT_PARAMETERS, responses={200: SlotsOutput, 400: ErrorOutput},
        examples=[OpenApiExample("Two slots", value=SLOTS_EXAMPLE, response_only=True, status_codes=["200"])],
    )
    def get(self, request):
        data = parse_input(SlotsQuery, request.query_params)
        now = timezone.now()
        try:
            terms = job_terms_for(job_request(data, GeoPoint(data["latitude"], data["longitude"])), now=now)
        except ValidationFailed as exc:
            raise ValidationFailed(_query_fields(exc.fields)) from None
        worker_ids = (data["worker"],) if data.get("worker") else None
        with_workers = _is_office(request)
        with collection_paused():
            search = availability_search(terms=terms, first_day=data["start"], last_day=data["end"], now=now,
                                         worker_ids=worker_ids)
            days = find_slots(search, first_day=data["start"], last_day=data["end"], with_workers=with_workers)
        return Response({
            "service": terms.service_id, "variant": terms.variant_id,
            "duration_minutes": terms.job.duration_minutes, "crew_size": terms.job.crew_size,
            "time_zone": search.rules.time_zone, "slot_minutes": search.rules.slot_minutes,
            "days": days_data(days, time_zone=search.rules.time_zone, with_workers=with_workers),
        })
