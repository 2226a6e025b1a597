"""The worker app's task API on the platform host: one inbox over every company the worker serves
(each company's schema entered visibly with tenant_context), and the task's progress.
Task URLs name the company: /api/v1/worker/companies/<company_id>/tasks/<order id>/...; another
worker's task, another company's and a missing one are the same 404."""
from __future__ import annotations

from contextlib import contextmanager

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import tenant_context
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput, parse_id, parse_input
from shared_apps.core.errors import NotFound
from shared_apps.core.fields import CompanyDateTimeField
from shared_apps.core.permissions import SignedIn
from shared_apps.core.uploads import ImageUploadSerializerField
from tenants.selectors import companies_of_worker

from .machine import Context, Role
from .output import OrderDetailOutput, OrderOutput, order_data
from .selectors import get_task_for, tasks_for_worker, worker_profile_of_user
from .services import lifecycle, reschedule

MAX_TEXT = 2000


class WorkerTaskOutput(OrderOutput):
    company_id = serializers.IntegerField()
    company_name = serializers.CharField()


class WorkerTaskListApi(APIView):
    """Every task offered to or taken by the caller, in every company they work for."""

    permission_classes = [SignedIn]

    @extend_schema(responses={200: WorkerTaskOutput(many=True)})
    def get(self, request):
        tasks = []
        for company in companies_of_worker(request.user).order_by("pk"):
            with tenant_context(company):
                worker = worker_profile_of_user(request.user)
                if worker is None:
                    continue
                ctx = Context(role=Role.WORKER, now=timezone.now(), worker_id=worker.pk)
                for order in tasks_for_worker(worker).select_related("worker__staff_member")[:200]:
                    tasks.append({**order_data(order, ctx=ctx, audience="worker"), "company_id": company.pk,
                                  "company_name": company.name})
        tasks.sort(key=lambda t: t["start"])
        return Response(tasks)


@contextmanager
def task_of(request, company_id, order_id):
    """Enter the company's schema and yield (worker, order) of the caller's task there, or 404."""
    pk = parse_id(company_id)
    company = companies_of_worker(request.user).filter(pk=pk).first() if pk is not None else None
    if company is None:
        raise NotFound("task")
    with tenant_context(company):
        worker = worker_profile_of_user(request.user)
        if worker is None:
            raise NotFound("task")
        yield worker, get_task_for(worker, order_id)


def _render(worker, order_id, company_id) -> Response:
    order = get_task_for(worker, order_id)
    ctx = Context(role=Role.WORKER, now=timezone.now(), worker_id=worker.pk)
    return Response({**order_data(order, ctx=ctx, audience="worker", detail=True), "company_id": int(company_id)})


class WorkerTaskDetailApi(APIView):
    permission_classes = [SignedIn]

    @extend_schema(responses={200: OrderDetailOutput, 404: ErrorOutput})
    def get(self, request, company_id, order_id):
        with task_of(request, company_id, order_id) as (worker, order):
            return _render(worker, order.pk, company_id)


class WorkerTaskAcceptApi(APIView):
    """Accept the task (the customer's full address shows from now on)."""

    permission_classes = [SignedIn]

    @extend_schema(request=None, responses={200: OrderDetailOutput, 404: ErrorOutput, 409: ErrorOutput})
    def post(self, request, company_id, order_id):
        with task_of(request, company_id, order_id) as (worker, order):
            lifecycle.accept_task(actor=request.user, worker=worker, order=order)
            return _render(worker, order.pk, company_id)


class WorkerDeclineInput(serializers.Serializer):
    reason = serializers.CharField(max_length=MAX_TEXT)


class WorkerTaskDeclineApi(APIView):
    """Decline with a reason; the task goes to someone else."""

    permission_classes = [SignedIn]

    @extend_schema(request=WorkerDeclineInput, responses={200: None, 404: ErrorOutput, 409: ErrorOutput})
    def post(self, request, company_id, order_id):
        data = parse_input(WorkerDeclineInput, request.data)
        with task_of(request, company_id, order_id) as (worker, order):
            lifecycle.decline_task(actor=request.user, worker=worker, order=order, reason=data["reason"])
            return Response({"id": order.pk, "status": "declined"})


class WorkerDepartInput(serializers.Serializer):
    eta_minutes = serializers.IntegerField(min_value=0, max_value=24 * 60)
    latitude = serializers.FloatField(min_value=-90, max_value=90, required=False)
    longitude = serializers.FloatField(min_value=-180, max_value=180, required=False)


class WorkerTaskDepartApi(APIView):
    """On the way, with an ETA; the customer is told."""

    permission_classes = [SignedIn]

    @extend_schema(request=WorkerDepartInput, responses={200: OrderDetailOutput, 409: ErrorOutput})
    def post(self, request, company_id, order_id):
        data = parse_input(WorkerDepartInput, request.data)
        location = (data["latitude"], data["longitude"]) if "latitude" in data and "longitude" in data else None
        with task_of(request, company_id, order_id) as (worker, order):
            lifecycle.set_off(actor=request.user, worker=worker, order=order, eta_minutes=data["eta_minutes"],
                              location=location)
            return _render(worker, order.pk, company_id)


class WorkerArriveInput(serializers.Serializer):
    """Both coordinates, or neither (the phone's location denied: recorded and flagged for the office)."""
    latitude = serializers.FloatField(min_value=-90, max_value=90, required=False, allow_null=True)
    longitude = serializers.FloatField(min_value=-180, max_value=180, required=False, allow_null=True)

    def validate(self, attrs):
        if (attrs.get("latitude") is None) != (attrs.get("longitude") is None):
            missing = "latitude" if attrs.get("latitude") is None else "longitude"
            raise serializers.ValidationError({missing: [_("Give both coordinates, or neither.")]})
        return attrs


class WorkerTaskArriveApi(APIView):
    """Arrived, where (flagged if far from the address)."""

    permission_classes = [SignedIn]

    @extend_schema(request=WorkerArriveInput, responses={200: OrderDetailOutput, 409: ErrorOutput})
    def post(self, request, company_id, order_id):
        data = parse_input(WorkerArriveInput, request.data)
        with task_of(request, company_id, order_id) as (worker, order):
            location = (data["latitude"], data["longitude"]) if data.get("latitude") is not None else None
            lifecycle.arrive(actor=request.user, worker=worker, order=order, location=location)
            return _render(worker, order.pk, company_id)


class WorkerCustomerNotThereInput(WorkerArriveInput):
    """Where the worker is now (the evidence that they are still at the address)."""


class WorkerCustomerNotThereOutput(serializers.Serializer):
    status = serializers.CharField()
    fee = serializers.IntegerField(help_text="The no-show fee charged, in minor units.")


class WorkerTaskCustomerNotThereApi(APIView):
    """Nobody at the address after the company's wait: the order is cancelled with the no-show fee.
    409 without location evidence (no_location_evidence) or before the wait (too_early_for_no_show)."""

    permission_classes = [SignedIn]

    @extend_schema(request=WorkerCustomerNotThereInput,
                   responses={200: WorkerCustomerNotThereOutput, 409: ErrorOutput})
    def post(self, request, company_id, order_id):
        data = parse_input(WorkerCustomerNotThereInput, request.data)
        with task_of(request, company_id, order_id) as (worker, order):
            location = (data["latitude"], data["longitude"]) if data.get("latitude") is not None else None
            done = lifecycle.mark_customer_not_there(actor=request.user, worker=worker, order=order,
                                                     location=location)
            return Response({"status": done.status, "fee": done.fees_charged})


class WorkerStartInput(serializers.Serializer):
    early_reason = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="",
                                         help_text="Why the work starts a day or more before the visit is due.")


class WorkerTaskStartApi(APIView):
    """Start the work (409 when more than the company's window before the visit's start)."""

    permission_classes = [SignedIn]

    @extend_schema(request=WorkerStartInput, responses={200: OrderDetailOutput, 409: ErrorOutput})
    def post(self, request, company_id, order_id):
        data = parse_input(WorkerStartInput, {"early_reason": request.data.get("early_reason", "")})
        with task_of(request, company_id, order_id) as (worker, order):
            lifecycle.start_service(actor=request.user, worker=worker, order=order, early_reason=data["early_reason"])
            return _render(worker, order.pk, company_id)


class WorkerCompleteInput(serializers.Serializer):
    note = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")
    early_reason = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="",
                                         help_text="Why the task is done a day or more before the visit is due.")
    photos = serializers.ListField(child=ImageUploadSerializerField(), required=False, max_length=lifecycle.MAX_PHOTOS,
                                   default=list)


class WorkerTaskCompleteApi(APIView):
    """Done, with a note and optional photos (multipart)."""

    permission_classes = [SignedIn]

    @extend_schema(request=WorkerCompleteInput, responses={200: OrderDetailOutput, 409: ErrorOutput})
    def post(self, request, company_id, order_id):
        payload = {"note": request.data.get("note", ""), "early_reason": request.data.get("early_reason", "")}
        if hasattr(request.data, "getlist") and request.data.getlist("photos"):
            payload["photos"] = request.data.getlist("photos")
        data = parse_input(WorkerCompleteInput, payload)
        with task_of(request, company_id, order_id) as (worker, order):
            lifecycle.complete_task(actor=request.user, worker=worker, order=order, note=data["note"],
                                    photos=data["photos"], early_reason=data["early_reason"])
            return _render(worker, order.pk, company_id)


class WorkerRescheduleInput(serializers.Serializer):
    start = CompanyDateTimeField()
    reason = serializers.CharField(max_length=MAX_TEXT)


class WorkerTaskRescheduleApi(APIView):
    """Ask the customer to move the task to `start` (held for the worker until answered)."""

    permission_classes = [SignedIn]

    @extend_schema(request=WorkerRescheduleInput, responses={200: OrderDetailOutput, 409: ErrorOutput})
    def post(self, request, company_id, order_id):
        with task_of(request, company_id, order_id) as (worker, order):
            data = parse_input(WorkerRescheduleInput, request.data)  # in the company's time zone
            reschedule.request_reschedule(actor=request.user, order=order, role=Role.WORKER, start=data["start"],
                                          expected_fee=0, reason=data["reason"], worker_id=worker.pk)
            return _render(worker, order.pk, company_id)


class WorkerAnswerInput(serializers.Serializer):
    reason = serializers.CharField(max_length=MAX_TEXT, required=False, allow_blank=True, default="")


class _WorkerAnswer(APIView):
    permission_classes = [SignedIn]
    approve = True

    @extend_schema(request=WorkerAnswerInput, responses={200: OrderDetailOutput, 409: ErrorOutput})
    def post(self, request, company_id, order_id, request_id):
        data = parse_input(WorkerAnswerInput, request.data)
        with task_of(request, company_id, order_id) as (worker, order):
            pk = parse_id(request_id)
            row = order.reschedule_requests.filter(pk=pk).first() if pk is not None else None
            if row is None:
                raise NotFound("request")
            reschedule.answer_reschedule(actor=request.user, order=order, request=row, role=Role.WORKER,
                                         approve=self.approve, worker_id=worker.pk, reason=data["reason"])
            return _render(worker, order.pk, company_id)


class WorkerRescheduleApproveApi(_WorkerAnswer):
    """The worker approves the customer's request to move the visit."""


class WorkerRescheduleDeclineApi(_WorkerAnswer):
    """The worker declines the customer's request to move the visit."""

    approve = False
