"""The orders API on a company host: customers book, follow, move and cancel their orders; the office
runs the board. One class per action; services decide, these parse and render."""
from __future__ import annotations

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput, parse_id, parse_input
from shared_apps.core.errors import NotFound
from shared_apps.core.fields import CompanyDateTimeField, calendar_date, id_field
from shared_apps.idempotency.keys import idempotent
from tenant_apps.catalog.locating import locate_address
from tenant_apps.catalog.selectors import get_service_zone
from tenant_apps.catalog.translations import pick
from tenant_apps.people.permissions import CompanyCustomer, OfficeStaff
from tenant_apps.people.selectors import customer_of
from tenant_apps.people.services import ensure_customer

from .machine import Context, Role
from .models import OrderStatus
from .output import OrderDetailOutput, OrderOutput, order_data
from .selectors import (
    cancellation_fee_of,
    get_order_for_customer,
    get_order_for_office,
    office_orders,
    orders_for_customer,
    reschedule_preview_of,
)
from .services import booking, dispatch, lifecycle, reschedule

MAX_TEXT = 2000


def _customer(request):
    """The caller's customer profile here. Only booking makes one: someone who never booked has no
    order to open, and reading (or a refused action) must not enrol them as a customer."""
    customer = customer_of(request.user)
    if customer is None:
        raise NotFound("order")
    return customer


def _ctx(role: str, **kwargs) -> Context:
    return Context(role=role, now=timezone.now(), **kwargs)


# ---- customer ------------------------------------------------------------------------------------

class OrderAddressInput(serializers.Serializer):
    line = serializers.CharField(max_length=255)
    district = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    zone = serializers.IntegerField(required=False, allow_null=True, default=None,
                                   help_text="A service zone (district); its centre places an address not geocoded.")
    latitude = serializers.FloatField(min_value=-90, max_value=90, required=False, allow_null=True, default=None,
                                      help_text="Optional: without it the address is geocoded, or placed at its "
                                                "district's centre (approximate).")
    longitude = serializers.FloatField(min_value=-180, max_value=180, required=False, allow_null=True, default=None)

    def validate(self, attrs):
        if (attrs.get("latitude") is None) != (attrs.get("longitude") is None):
            missing = "latitude" if attrs.get("latitude") is None else "longitude"
            raise serializers.ValidationError({missing: [_("Give both coordinates, or neither.")]})
        return attrs


class OrderBookInput(serializers.Serializer):
    quote = serializers.CharField(max_length=16_000, help_text="The signed quote's token.")
    hold = serializers.UUIDField(help_text="The hold of the quoted time.")
    address = OrderAddressInput()
    contact_name = serializers.CharField(max_length=100)
    contact_phone = serializers.CharField(max_length=20)
    notes = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")
    requirements = serializers.ListField(child=serializers.CharField(max_length=100), max_length=20, required=False,
                                         default=list)
    pay_on_site = serializers.BooleanField(default=False)
    book_anyway = serializers.BooleanField(default=False, help_text="Book although an active order of the "
                                           "customer's has the same service and start (else 409 duplicate_order).")


class OrderBookApi(APIView):
    """Book: a signed quote and a hold of the same time become an order (201), waiting for payment
    (or for a worker when the customer pays on site and the company allows it)."""

    permission_classes = [CompanyCustomer]

    @extend_schema(request=OrderBookInput, responses={201: OrderDetailOutput, 400: ErrorOutput, 409: ErrorOutput})
    def post(self, request):
        data = parse_input(OrderBookInput, request.data)
        address = data["address"]
        customer = ensure_customer(company=connection.tenant, user=request.user)
        latitude, longitude, approximate = address["latitude"], address["longitude"], False
        district = address["district"]
        zone = get_service_zone(address["zone"]) if address["zone"] is not None else None
        if zone is not None:
            district = pick(zone.name)[:100]
        if latitude is None:
            located = locate_address(line=f"{district} {address['line']}".strip(), zone=zone)
            latitude, longitude, approximate = located.latitude, located.longitude, located.is_approximate
        order = booking.book_order(actor=request.user, customer=customer, quote_token=data["quote"],
                                   hold_id=str(data["hold"]), details=booking.BookingDetails(
                                       address_line=address["line"], district=district,
                                       latitude=latitude, longitude=longitude, location_is_approximate=approximate,
                                       contact_name=data["contact_name"], contact_phone=data["contact_phone"],
                                       notes=data["notes"], requirements=tuple(data["requirements"]),
                                       pay_on_site=data["pay_on_site"]), allow_duplicate=data["book_anyway"])
        order = get_order_for_customer(customer, order.pk)
        return Response(order_data(order, ctx=_ctx(Role.CUSTOMER), audience="customer", detail=True),
                        status=status.HTTP_201_CREATED)

    @extend_schema(operation_id="orders_list", responses={200: OrderOutput(many=True)})
    def get(self, request):
        history = request.query_params.get("history")
        flag = {"true": True, "1": True, "false": False, "0": False}.get((history or "").lower())
        customer = customer_of(request.user)
        if customer is None:
            return Response([])
        orders = orders_for_customer(customer, history=flag)[:200]
        ctx = _ctx(Role.CUSTOMER)
        return Response([order_data(o, ctx=ctx, audience="customer") for o in orders])


class OrderDetailApi(APIView):
    """One of the caller's orders with its live timeline."""

    permission_classes = [CompanyCustomer]

    @extend_schema(responses={200: OrderDetailOutput, 404: ErrorOutput})
    def get(self, request, order_id):
        order = get_order_for_customer(_customer(request), order_id)
        return Response(order_data(order, ctx=_ctx(Role.CUSTOMER), audience="customer", detail=True))


class FeeOutput(serializers.Serializer):
    fee = serializers.IntegerField()
    currency = serializers.CharField()
    start = serializers.DateTimeField(required=False)
    end = serializers.DateTimeField(required=False)


class OrderCancelPreviewApi(APIView):
    """What cancelling now would cost (by the service's policy); confirm with that fee."""

    permission_classes = [CompanyCustomer]

    @extend_schema(request=None, responses={200: FeeOutput, 409: ErrorOutput})
    def post(self, request, order_id):
        order = get_order_for_customer(_customer(request), order_id)
        fee = cancellation_fee_of(order=order, role=Role.CUSTOMER)
        return Response({"fee": fee, "currency": order.currency})


class OrderCancelInput(serializers.Serializer):
    expected_fee = serializers.IntegerField(min_value=0, help_text="The previewed fee; 409 fee_changed if not.")
    reason = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class OrderCancelApi(APIView):
    """Cancel, charging exactly the previewed fee."""

    permission_classes = [CompanyCustomer]

    @extend_schema(request=OrderCancelInput, responses={200: OrderDetailOutput, 409: ErrorOutput})
    def post(self, request, order_id):
        data = parse_input(OrderCancelInput, request.data)
        customer = _customer(request)
        order = get_order_for_customer(customer, order_id)
        lifecycle.cancel_order(actor=request.user, order=order, role=Role.CUSTOMER,
                               expected_fee=data["expected_fee"], reason=data["reason"])
        order = get_order_for_customer(customer, order.pk)
        return Response(order_data(order, ctx=_ctx(Role.CUSTOMER), audience="customer", detail=True))


class OrderPayInput(serializers.Serializer):
    method = serializers.CharField(max_length=20, help_text="One of the company's online methods (sandbox in tests).")
    kind = serializers.ChoiceField(choices=["full", "deposit", "balance"], default="full")


class OrderPayOutput(serializers.Serializer):
    payment_id = serializers.IntegerField()
    reference = serializers.CharField()
    status = serializers.CharField()
    amount_fen = serializers.IntegerField()
    redirect_url = serializers.CharField(help_text="The provider's pay page: send the customer there.")


class OrderPayApi(APIView):
    """Pay the order (in full, the deposit, or the balance after the visit): a payment at the provider
    and the page to pay on. Takes an Idempotency-Key: a retry returns the same payment."""

    permission_classes = [CompanyCustomer]

    @extend_schema(request=OrderPayInput, responses={201: OrderPayOutput, 409: ErrorOutput, 422: ErrorOutput})
    @idempotent
    def post(self, request, order_id):
        from .services.payment import start_order_payment

        data = parse_input(OrderPayInput, request.data)
        order = get_order_for_customer(_customer(request), order_id)
        payment = start_order_payment(actor=request.user, order=order, kind=data["kind"], method=data["method"],
                                      return_url=request.build_absolute_uri(f"/orders/{order.pk}/"))
        return Response({"payment_id": payment.pk, "reference": payment.reference, "status": payment.status,
                         "amount_fen": payment.amount_fen, "redirect_url": payment.redirect_url},
                        status=status.HTTP_201_CREATED)


class OrderReschedulePreviewInput(serializers.Serializer):
    start = CompanyDateTimeField(help_text="A start time offered by /api/v1/slots/.")


class OrderReschedulePreviewApi(APIView):
    """The fee for moving the visit to `start` (shown before confirming)."""

    permission_classes = [CompanyCustomer]

    @extend_schema(request=OrderReschedulePreviewInput, responses={200: FeeOutput, 409: ErrorOutput})
    def post(self, request, order_id):
        data = parse_input(OrderReschedulePreviewInput, request.data)
        order = get_order_for_customer(_customer(request), order_id)
        preview = reschedule_preview_of(order=order, role=Role.CUSTOMER,
                                                start=data["start"])
        return Response({"fee": preview.fee, "currency": order.currency, "start": preview.start,
                         "end": preview.end})


class OrderRescheduleInput(serializers.Serializer):
    start = CompanyDateTimeField()
    expected_fee = serializers.IntegerField(min_value=0)
    reason = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class OrderRescheduleApi(APIView):
    """Ask to move the visit: the new time is held and the worker (or office) approves."""

    permission_classes = [CompanyCustomer]

    @extend_schema(request=OrderRescheduleInput, responses={201: OrderDetailOutput, 409: ErrorOutput})
    def post(self, request, order_id):
        data = parse_input(OrderRescheduleInput, request.data)
        customer = _customer(request)
        order = get_order_for_customer(customer, order_id)
        reschedule.request_reschedule(actor=request.user, order=order, role=Role.CUSTOMER, start=data["start"],
                                      expected_fee=data["expected_fee"], reason=data["reason"])
        order = get_order_for_customer(customer, order.pk)
        return Response(order_data(order, ctx=_ctx(Role.CUSTOMER), audience="customer", detail=True),
                        status=status.HTTP_201_CREATED)


def _request_of(order, request_id):
    pk = parse_id(request_id)
    found = order.reschedule_requests.filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise NotFound("request")
    return found


class RescheduleAnswerInput(serializers.Serializer):
    reason = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class _CustomerAnswer(APIView):
    permission_classes = [CompanyCustomer]
    approve = True

    @extend_schema(request=RescheduleAnswerInput, responses={200: OrderDetailOutput, 409: ErrorOutput})
    def post(self, request, order_id, request_id):
        data = parse_input(RescheduleAnswerInput, request.data)
        customer = _customer(request)
        order = get_order_for_customer(customer, order_id)
        reschedule.answer_reschedule(actor=request.user, order=order, request=_request_of(order, request_id),
                                     role=Role.CUSTOMER, approve=self.approve, reason=data["reason"])
        order = get_order_for_customer(customer, order.pk)
        return Response(order_data(order, ctx=_ctx(Role.CUSTOMER), audience="customer", detail=True))


class OrderRescheduleApproveApi(_CustomerAnswer):
    """The customer approves the worker's request to move the visit."""


class OrderRescheduleDeclineApi(_CustomerAnswer):
    """The customer declines the worker's request (the visit stays)."""

    approve = False


class BookAgainOutput(serializers.Serializer):
    service = serializers.IntegerField()
    variant = serializers.IntegerField(allow_null=True)
    add_ons = serializers.ListField(child=serializers.DictField())
    quantity = serializers.IntegerField(allow_null=True)
    duration_minutes = serializers.IntegerField(allow_null=True)
    address = OrderAddressInput()
    contact_name = serializers.CharField()
    contact_phone = serializers.CharField()
    notes = serializers.CharField()
    requirements = serializers.ListField(child=serializers.CharField())


class OrderBookAgainApi(APIView):
    """The booking input of a past order, to quote and book again (the time is chosen anew)."""

    permission_classes = [CompanyCustomer]

    @extend_schema(responses={200: BookAgainOutput, 404: ErrorOutput})
    def get(self, request, order_id):
        order = get_order_for_customer(_customer(request), order_id)
        req = order.request
        return Response({
            "service": order.service_id, "variant": req.get("variant"),
            "add_ons": [{"add_on": a, "quantity": q} for a, q in req.get("add_ons", [])],
            "quantity": req.get("quantity"), "duration_minutes": req.get("duration"),
            "address": {"line": order.address_line, "district": order.district,
                        "latitude": float(order.latitude) if order.latitude is not None else None,
                        "longitude": float(order.longitude) if order.longitude is not None else None},
            "contact_name": order.contact_name, "contact_phone": order.contact_phone, "notes": order.notes,
            "requirements": order.requirements,
        })


class OrderReviewApi(APIView):
    """The customer closes a completed order with a word (scores come with the reviews issue)."""

    permission_classes = [CompanyCustomer]

    @extend_schema(request=RescheduleAnswerInput, responses={200: OrderDetailOutput, 409: ErrorOutput})
    def post(self, request, order_id):
        data = parse_input(RescheduleAnswerInput, request.data)
        customer = _customer(request)
        order = get_order_for_customer(customer, order_id)
        booking.review_order(actor=request.user, order=order, comment=data["reason"])
        order = get_order_for_customer(customer, order.pk)
        return Response(order_data(order, ctx=_ctx(Role.CUSTOMER), audience="customer", detail=True))


# ---- office --------------------------------------------------------------------------------------

class OfficeBoardQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=OrderStatus.choices, required=False)
    date = calendar_date(required=False)
    worker = id_field(required=False)
    category = id_field(required=False)


class OfficeBoardOutput(serializers.Serializer):
    orders = OrderOutput(many=True)
    exceptions = serializers.ListField(child=serializers.DictField())


class OfficeOrderBoardApi(APIView):
    """The order board: filter by status, date (company time), worker, category; open exceptions."""

    permission_classes = [OfficeStaff]

    @extend_schema(operation_id="office_orders_board", parameters=[OfficeBoardQuery],
                   responses={200: OfficeBoardOutput, 400: ErrorOutput})
    def get(self, request):
        query = parse_input(OfficeBoardQuery, request.query_params)
        orders = list(office_orders(status=query.get("status"), day=query.get("date"),
                                    worker_id=query.get("worker"), category_id=query.get("category"))[:500])
        ctx = _ctx(Role.OFFICE)
        exceptions = [{"id": x.pk, "order": o.pk, "kind": x.kind, "detail": x.detail}
                      for o in orders for x in o.exceptions.all()]
        return Response({"orders": [order_data(o, ctx=ctx, audience="office") for o in orders],
                         "exceptions": exceptions})


class OfficeOrderDetailApi(APIView):
    permission_classes = [OfficeStaff]

    @extend_schema(responses={200: OrderDetailOutput, 404: ErrorOutput})
    def get(self, request, order_id):
        order = get_order_for_office(order_id)
        return Response(order_data(order, ctx=_ctx(Role.OFFICE), audience="office", detail=True))


def _office_detail(order_id) -> Response:
    order = get_order_for_office(order_id)
    return Response(order_data(order, ctx=_ctx(Role.OFFICE), audience="office", detail=True))


class OfficeAssignInput(serializers.Serializer):
    worker = id_field()
    reason = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class OfficeOrderAssignApi(APIView):
    """Give the order to a worker, or to another one (409 worker_busy if they are booked then)."""

    permission_classes = [OfficeStaff]

    @extend_schema(request=OfficeAssignInput, responses={200: OrderDetailOutput, 409: ErrorOutput})
    def post(self, request, order_id):
        data = parse_input(OfficeAssignInput, request.data)
        dispatch.assign_worker(actor=request.user, order=get_order_for_office(order_id), worker_id=data["worker"],
                               reason=data["reason"])
        return _office_detail(order_id)


class OfficeReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=MAX_TEXT)


class OfficeOrderCancelApi(APIView):
    """Cancel with a reason (the office waives the fee)."""

    permission_classes = [OfficeStaff]

    @extend_schema(request=OfficeReasonInput, responses={200: OrderDetailOutput, 409: ErrorOutput})
    def post(self, request, order_id):
        data = parse_input(OfficeReasonInput, request.data)
        lifecycle.cancel_order(actor=request.user, order=get_order_for_office(order_id), role=Role.OFFICE,
                               expected_fee=0, reason=data["reason"])
        return _office_detail(order_id)


class OfficeRescheduleInput(serializers.Serializer):
    start = CompanyDateTimeField()
    reason = serializers.CharField(max_length=MAX_TEXT)


class OfficeOrderRescheduleApi(APIView):
    """Move the visit with a reason (no approval needed; both sides are told)."""

    permission_classes = [OfficeStaff]

    @extend_schema(request=OfficeRescheduleInput, responses={200: OrderDetailOutput, 409: ErrorOutput})
    def post(self, request, order_id):
        data = parse_input(OfficeRescheduleInput, request.data)
        reschedule.reschedule_order(actor=request.user, order=get_order_for_office(order_id), start=data["start"],
                                    reason=data["reason"])
        return _office_detail(order_id)


class OfficePaymentInput(serializers.Serializer):
    reference = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class OfficeOrderConfirmPaymentApi(APIView):
    """Payment received (cash, transfer): the order goes to dispatch. Moves money, so it takes an
    Idempotency-Key: a retry replays the first answer instead of recording the payment again."""

    permission_classes = [OfficeStaff]

    @extend_schema(request=OfficePaymentInput, responses={200: OrderDetailOutput, 409: ErrorOutput,
                                                          422: ErrorOutput})
    @idempotent
    def post(self, request, order_id):
        data = parse_input(OfficePaymentInput, request.data)
        booking.mark_order_paid(actor=request.user, order=get_order_for_office(order_id),
                                reference=data["reference"])
        return _office_detail(order_id)
