"""Slots (anyone), holds (signed-in customers), a worker's schedule and the scheduling settings."""
from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput, parse_input
from shared_apps.core.approximate import approximate_coordinate
from shared_apps.core.errors import NotFound, ValidationFailed
from shared_apps.core.fields import CompanyDateTimeField, calendar_date, id_field
from shared_apps.core.geo import GeoPoint
from shared_apps.core.hours import LocalClock
from shared_apps.core.permissions import Anyone
from tenant_apps.catalog.pricing import AddOnChoice
from tenant_apps.people.models import OFFICE_ROLES
from tenant_apps.people.permissions import CompanyCustomer, CompanyManager, CompanyStaff, OfficeStaff
from tenant_apps.people.selectors import customer_of, staff_member_of
from tenant_apps.people.services import ensure_customer
from tenant_apps.workforce.selectors import get_worker_for

from . import services
from .calendar import days_data
from .collector import collection_paused
from .engine import find_slots
from .models import SLOT_MINUTES_CHOICES, AssignmentStatus
from .selectors import (
    JobRequest,
    availability_search,
    get_hold_for,
    job_terms_for,
    scheduling_settings,
    worker_schedule,
)

MAX_SEARCH_DAYS = 31
MAX_SCHEDULE_DAYS = 62


def _today():
    return LocalClock(connection.tenant.time_zone).local_date(int(timezone.now().timestamp() // 60))


class DateRangeMixin:
    """start/end company dates: start defaults to today, end to a week later; at most `max_days`."""

    max_days = MAX_SEARCH_DAYS

    def validate(self, attrs):
        attrs.setdefault("start", _today())
        attrs.setdefault("end", attrs["start"] + timedelta(days=6))
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": _("The end is before the start.")})
        if (attrs["end"] - attrs["start"]).days >= self.max_days:
            raise serializers.ValidationError({"end": _("Ask for at most %(days)d days.") % {"days": self.max_days}})
        return attrs


# ---- slots ---------------------------------------------------------------------------------------

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


def _job_request(data: dict, location: GeoPoint) -> JobRequest:
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
            terms = job_terms_for(_job_request(data, GeoPoint(data["latitude"], data["longitude"])), now=now)
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


# ---- holds ---------------------------------------------------------------------------------------

class HoldAddOnInput(serializers.Serializer):
    add_on = id_field()
    quantity = serializers.IntegerField(min_value=1, max_value=1000, default=1)


class HoldAddressInput(serializers.Serializer):
    latitude = serializers.FloatField(min_value=-90, max_value=90)
    longitude = serializers.FloatField(min_value=-180, max_value=180)


class HoldCreateInput(serializers.Serializer):
    service = id_field()
    variant = id_field(required=False, allow_null=True)
    add_ons = HoldAddOnInput(many=True, required=False, max_length=30)
    quantity = serializers.IntegerField(min_value=1, max_value=100_000, required=False, allow_null=True)
    duration_minutes = serializers.IntegerField(min_value=1, max_value=24 * 60, required=False, allow_null=True)
    address = HoldAddressInput()
    start = CompanyDateTimeField(help_text="One of the offered start times; without an offset, company time.")
    workers = serializers.ListField(child=id_field(), required=False, allow_null=True, min_length=1, max_length=50,
                                    help_text="Particular workers (as many as the crew); default: the best free ones.")


class HoldOutput(serializers.Serializer):
    id = serializers.UUIDField()
    status = serializers.ChoiceField(choices=["hold", "expired"])
    service = serializers.IntegerField(allow_null=True)
    variant = serializers.IntegerField(allow_null=True)
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    crew_size = serializers.IntegerField()
    workers = serializers.ListField(child=serializers.IntegerField())
    expires_at = serializers.DateTimeField()


class SlotTakenOutput(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    slots = SlotDayOutput(many=True, help_text="The slots as they are now: the chosen day and the two after it.")


def _local(moment) -> str:
    return LocalClock(connection.tenant.time_zone).local(int(moment.timestamp() // 60)).isoformat()


def _hold_data(*, hold_id, service, variant, start, end, crew_size, workers, expires_at) -> dict:
    return {
        "id": str(hold_id), "status": "hold" if expires_at > timezone.now() else "expired", "service": service,
        "variant": variant, "start": _local(start), "end": _local(end), "crew_size": crew_size,
        "workers": list(workers), "expires_at": _local(expires_at),
    }


class HoldCreateApi(APIView):
    """Take a slot: it is held for the customer (10 minutes by default) while they pay, so nobody else
    can take it; a crew job holds all its workers at once or none. 409 slot_taken (with fresh slots)
    when somebody was faster."""

    permission_classes = [CompanyCustomer]

    @extend_schema(
        request=HoldCreateInput, responses={201: HoldOutput, 400: ErrorOutput, 409: SlotTakenOutput},
        examples=[
            OpenApiExample("Take 09:00", request_only=True, value={
                "service": 3, "variant": 7, "address": {"latitude": 31.2304, "longitude": 121.4737},
                "start": "2026-12-01T09:00:00+08:00"}),
            OpenApiExample("Too late", response_only=True, status_codes=["409"], value={
                "code": "slot_taken", "message": "This time was just taken", "fields": {},
                "slots": SLOTS_EXAMPLE["days"]}),
        ],
    )
    def post(self, request):
        data = parse_input(HoldCreateInput, request.data)
        address = data["address"]
        job = _job_request({**data, "add_ons": tuple(AddOnChoice(add_on_id=a["add_on"], quantity=a["quantity"])
                                                     for a in data.get("add_ons") or ())},
                           GeoPoint(address["latitude"], address["longitude"]))
        customer = ensure_customer(company=connection.tenant, user=request.user)
        workers = data.get("workers")
        hold = services.place_hold(actor=request.user, customer=customer, request=services.HoldRequest(
            job=job, start=data["start"], worker_ids=tuple(workers) if workers else None))
        return Response(_hold_data(hold_id=hold.hold_id, service=hold.service_id, variant=hold.variant_id,
                                   start=hold.start, end=hold.end, crew_size=hold.crew_size, workers=hold.worker_ids,
                                   expires_at=hold.expires_at), status=status.HTTP_201_CREATED)


class HoldDetailApi(APIView):
    """GET one of the caller's holds; DELETE releases it (the time is free again at once)."""

    permission_classes = [CompanyCustomer]

    def _rows(self, request, hold_id):
        customer = customer_of(request.user)  # a GET never makes anybody a customer here
        if customer is None:
            raise NotFound("hold")
        return customer, get_hold_for(customer, hold_id)

    @extend_schema(responses={200: HoldOutput, 404: ErrorOutput})
    def get(self, request, hold_id):
        _customer, rows = self._rows(request, hold_id)
        first = rows[0]
        return Response(_hold_data(hold_id=first.hold_id, service=first.service_id, variant=first.variant_id,
                                   start=first.starts_at, end=first.ends_at, crew_size=first.crew_size,
                                   workers=[r.worker_id for r in rows], expires_at=first.expires_at))

    @extend_schema(responses={204: None, 404: ErrorOutput})
    def delete(self, request, hold_id):
        customer, rows = self._rows(request, hold_id)
        services.release_hold(actor=request.user, customer=customer, hold_id=rows[0].hold_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


# ---- a worker's schedule -------------------------------------------------------------------------

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
            "working": [{"start": _local(a), "end": _local(b)} for a, b in schedule.working],
            "assignments": [
                {"id": a.pk, "hold_id": str(a.hold_id), "status": a.status, "service": a.service_id,
                 "start": _local(a.starts_at), "end": _local(a.ends_at), "blocked_from": _local(a.period.lower),
                 "blocked_until": _local(a.period.upper), "crew_size": a.crew_size,
                 "expires_at": _local(a.expires_at) if a.expires_at else None, "location": location(a)}
                for a in schedule.assignments
            ],
            "busy_elsewhere": [{"start": _local(a), "end": _local(b)} for a, b in schedule.busy_elsewhere],
        })


# ---- settings ------------------------------------------------------------------------------------

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
    data = {name: getattr(row, name) for name in services.SETTINGS_FIELDS}
    data["travel_minutes_per_km"] = f"{row.travel_minutes_per_km:.2f}"
    return data


class SchedulingSettingsApi(APIView):
    """How the calendar works: slot step, buffers around jobs, travel speed, hold length. GET: office
    staff; PATCH: owner/admin."""

    def get_permissions(self):
        return [CompanyManager()] if self.request.method == "PATCH" else [OfficeStaff()]

    @extend_schema(responses={200: SchedulingSettingsOutput})
    def get(self, request):
        return Response(_settings_data(scheduling_settings()))

    @extend_schema(request=SchedulingSettingsInput, responses={200: SchedulingSettingsOutput, 400: ErrorOutput})
    def patch(self, request):
        data = parse_input(SchedulingSettingsInput, request.data)
        return Response(_settings_data(services.update_scheduling_settings(actor=request.user, changes=data)))
