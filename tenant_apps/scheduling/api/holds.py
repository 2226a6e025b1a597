"""Holds: a signed-in customer takes a slot while paying, looks at it, or lets it go."""
from __future__ import annotations

from django.db import connection
from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput, parse_input
from shared_apps.core.errors import NotFound
from shared_apps.core.fields import CompanyDateTimeField, id_field
from shared_apps.core.geo import GeoPoint
from shared_apps.core.operations import OperationRouter
from tenant_apps.catalog.pricing import AddOnChoice
from tenant_apps.people.permissions import CompanyCustomer
from tenant_apps.people.selectors import customer_of
from tenant_apps.people.services import ensure_customer

from ..selectors import get_hold_for
from ..services import holds, placing
from .dates import local_iso
from .slots import SLOTS_EXAMPLE, SlotDayOutput, job_request


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


def _hold_data(*, hold_id, service, variant, start, end, crew_size, workers, expires_at) -> dict:
    return {
        "id": str(hold_id), "status": "hold" if expires_at > timezone.now() else "expired", "service": service,
        "variant": variant, "start": local_iso(start), "end": local_iso(end), "crew_size": crew_size,
        "workers": list(workers), "expires_at": local_iso(expires_at),
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
        job = job_request({**data, "add_ons": tuple(AddOnChoice(add_on_id=a["add_on"], quantity=a["quantity"])
                                                     for a in data.get("add_ons") or ())},
                           GeoPoint(address["latitude"], address["longitude"]))
        customer = ensure_customer(company=connection.tenant, user=request.user)
        workers = data.get("workers")
        hold = placing.place_hold(actor=request.user, customer=customer, request=placing.HoldRequest(
            job=job, start=data["start"], worker_ids=tuple(workers) if workers else None))
        return Response(_hold_data(hold_id=hold.hold_id, service=hold.service_id, variant=hold.variant_id,
                                   start=hold.start, end=hold.end, crew_size=hold.crew_size, workers=hold.worker_ids,
                                   expires_at=hold.expires_at), status=status.HTTP_201_CREATED)


def _customer_hold(request, hold_id):
    customer = customer_of(request.user)  # a GET never makes anybody a customer here
    if customer is None:
        raise NotFound("hold")
    return customer, get_hold_for(customer, hold_id)


class HoldDetailApi(APIView):
    """One of the caller's holds."""

    permission_classes = [CompanyCustomer]

    @extend_schema(responses={200: HoldOutput, 404: ErrorOutput})
    def get(self, request, hold_id):
        _customer, rows = _customer_hold(request, hold_id)
        first = rows[0]
        return Response(_hold_data(hold_id=first.hold_id, service=first.service_id, variant=first.variant_id,
                                   start=first.starts_at, end=first.ends_at, crew_size=first.crew_size,
                                   workers=[r.worker_id for r in rows], expires_at=first.expires_at))


class HoldReleaseApi(APIView):
    """Release one of the caller's holds: the time is free again at once."""

    permission_classes = [CompanyCustomer]

    @extend_schema(responses={204: None, 404: ErrorOutput})
    def delete(self, request, hold_id):
        customer, rows = _customer_hold(request, hold_id)
        holds.release_hold(actor=request.user, customer=customer, hold_id=rows[0].hold_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class HoldRoutes(OperationRouter):
    """GET one of the caller's holds; DELETE releases it (the time is free again at once)."""

    operations = {"get": HoldDetailApi, "delete": HoldReleaseApi}
