"""Instant quotes: price a service for a time and an address, and check a quote again later."""
from __future__ import annotations

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput, parse_input
from shared_apps.core.fields import CompanyDateTimeField, id_field
from shared_apps.core.geo import GeoPoint
from shared_apps.core.permissions import Anyone
from tenant_apps.people.selectors import customer_of

from ..pricing import AddOnChoice, QuoteRequest
from ..quotes import check_quote_still_valid, make_quote, quote_data, verify_quote


class QuoteAddOnInput(serializers.Serializer):
    add_on = id_field()
    quantity = serializers.IntegerField(min_value=1, max_value=1000, default=1)


class QuoteAddressInput(serializers.Serializer):
    latitude = serializers.FloatField(min_value=-90, max_value=90)
    longitude = serializers.FloatField(min_value=-180, max_value=180)


class QuoteCreateInput(serializers.Serializer):
    service = id_field()
    variant = id_field(required=False, allow_null=True)
    add_ons = QuoteAddOnInput(many=True, required=False, max_length=30)
    quantity = serializers.IntegerField(min_value=1, max_value=100_000, required=False, allow_null=True,
                                        help_text="Units, kg or m², for variants priced by quantity.")
    duration_minutes = serializers.IntegerField(min_value=1, max_value=24 * 60, required=False, allow_null=True,
                                                help_text="Hourly variants only; whole half hours.")
    address = QuoteAddressInput(required=False, allow_null=True)
    start = CompanyDateTimeField(help_text="Without an offset, read in the company's time zone.")


class QuoteLineOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["base", "hours", "units", "area", "buyback", "add_on", "minimum_charge",
                                            "surcharge", "zone"])
    label = serializers.CharField()
    quantity = serializers.CharField(help_text="Exact decimal, e.g. \"2.5\" hours.")
    unit = serializers.CharField()
    unit_amount = serializers.IntegerField(allow_null=True)
    amount = serializers.IntegerField(help_text="Minor units (fen); negative when the company pays the customer.")


class QuoteCancellationOutput(serializers.Serializer):
    hours_before = serializers.IntegerField(allow_null=True)
    on_the_way = serializers.BooleanField()
    percent = serializers.CharField()
    amount = serializers.IntegerField()
    fee = serializers.IntegerField(help_text="The fee for this quote's total.")
    begins = serializers.DateTimeField(allow_null=True)
    ends = serializers.DateTimeField(allow_null=True)


class QuoteOutput(serializers.Serializer):
    service = serializers.IntegerField()
    variant = serializers.IntegerField()
    lines = QuoteLineOutput(many=True)
    total = serializers.IntegerField()
    currency = serializers.CharField()
    is_buyback = serializers.BooleanField()
    duration_minutes = serializers.IntegerField()
    crew_size = serializers.IntegerField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    cancellation_policy = QuoteCancellationOutput(many=True)
    expires_at = serializers.DateTimeField()
    token = serializers.CharField(help_text="Signed; send it back to book or to check the quote.")


QUOTE_REQUEST_EXAMPLE = {
    "service": 1, "variant": 2, "quantity": 80,
    "add_ons": [{"add_on": 3, "quantity": 1}],
    "address": {"latitude": 31.2304, "longitude": 121.4737},
    "start": "2026-06-06T09:00:00+08:00",
}
QUOTE_EXAMPLE = {
    "service": 1, "variant": 2,
    "lines": [
        {"kind": "area", "label": "Deep cleaning", "quantity": "80", "unit": "m2", "unit_amount": 800,
         "amount": 64000},
        {"kind": "add_on", "label": "Cleaner brings tools", "quantity": "1", "unit": "", "unit_amount": 3000,
         "amount": 3000},
        {"kind": "surcharge", "label": "Weekend", "quantity": "1", "unit": "", "unit_amount": 6700, "amount": 6700},
    ],
    "total": 73700, "currency": "CNY", "is_buyback": False, "duration_minutes": 280, "crew_size": 2,
    "start": "2026-06-06T09:00:00+08:00", "end": "2026-06-06T13:40:00+08:00",
    "cancellation_policy": [
        {"hours_before": 24, "on_the_way": False, "percent": "0", "amount": 0, "fee": 0, "begins": None,
         "ends": "2026-06-05T09:00:00+08:00"},
    ],
    "expires_at": "2026-05-20T10:15:00+08:00", "token": "eyJ2IjoxLC...:1uQ:signature",
}


def _customer_id(request) -> int | None:
    customer = customer_of(request.user) if request.user.is_authenticated else None
    return customer.pk if customer else None


class QuoteCreateApi(APIView):
    """Price a service for a time and an address: itemised lines, total, duration and crew, and a
    signed token that is valid for the company's quote lifetime (15 minutes by default)."""

    permission_classes = [Anyone]

    @extend_schema(
        request=QuoteCreateInput, responses={201: QuoteOutput, 400: ErrorOutput},
        examples=[
            OpenApiExample("Deep cleaning of 80 m² on a weekend", value=QUOTE_REQUEST_EXAMPLE, request_only=True),
            OpenApiExample("The quote", value=QUOTE_EXAMPLE, response_only=True, status_codes=["201"]),
            OpenApiExample("Too soon", value={"code": "invalid", "message": "Please correct the errors below.",
                                              "fields": {"start": ["Book at least 2 hours ahead."]}},
                           response_only=True, status_codes=["400"]),
        ],
    )
    def post(self, request):
        data = parse_input(QuoteCreateInput, request.data)
        address = data.get("address")
        quote_request = QuoteRequest(
            service_id=data["service"], start=data["start"], variant_id=data.get("variant"),
            add_ons=tuple(AddOnChoice(add_on_id=a["add_on"], quantity=a["quantity"]) for a in data.get("add_ons", [])),
            quantity=data.get("quantity"), duration_minutes=data.get("duration_minutes"),
            location=GeoPoint(address["latitude"], address["longitude"]) if address else None,
            customer_id=_customer_id(request),
        )
        return Response(quote_data(make_quote(request=quote_request)), status=201)


class QuoteCheckInput(serializers.Serializer):
    token = serializers.CharField(max_length=16_000)


class QuoteCheckApi(APIView):
    """Check a quote before paying: 200 with a fresh token when the price stands; 409 quote_changed
    with the new quote when it does not; 400 quote_expired or quote_invalid."""

    permission_classes = [Anyone]

    @extend_schema(
        request=QuoteCheckInput, responses={200: QuoteOutput, 400: ErrorOutput, 409: ErrorOutput},
        examples=[OpenApiExample("Expired", value={"code": "quote_expired", "message": "This quote has expired; "
                                                   "please get a new one.", "fields": {"token": ["This quote has "
                                                                                                  "expired."]}},
                                 response_only=True, status_codes=["400"])],
    )
    def post(self, request):
        data = parse_input(QuoteCheckInput, request.data)
        quote = verify_quote(data["token"])
        fresh = check_quote_still_valid(quote=quote, customer_id=_customer_id(request))
        return Response(quote_data(fresh))
