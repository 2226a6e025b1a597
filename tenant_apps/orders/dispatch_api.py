"""The dispatcher's API: an order's candidates ranked with their reasons, and the company's dispatch
settings (the score's weights, automatic dispatch). One class per operation."""
from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput, parse_input
from shared_apps.core.operations import OperationRouter
from shared_apps.idempotency.keys import idempotent
from tenant_apps.people.permissions import CompanyManager, Dispatcher

from .candidates import REASONS, Ranking, dispatch_settings, passed_workers, rank_candidates
from .optimise import optimise_day
from .selectors import get_order_for_dispatch
from .services import dispatch
from .services import optimise as optimise_service


class CandidateReasonOutput(serializers.Serializer):
    name = serializers.ChoiceField(choices=REASONS)
    value = serializers.FloatField(help_text="0..1")
    weight = serializers.IntegerField(help_text="0..10, the company's setting")
    points = serializers.FloatField(help_text="value x weight")
    detail = serializers.CharField()


class CandidateOutput(serializers.Serializer):
    worker = serializers.IntegerField()
    name = serializers.CharField()
    score = serializers.FloatField(help_text="The sum of the reasons' points")
    is_current = serializers.BooleanField()
    travel_minutes = serializers.IntegerField(allow_null=True)
    booked_minutes_this_week = serializers.IntegerField()
    reasons = CandidateReasonOutput(many=True)


class NonCandidateOutput(serializers.Serializer):
    worker = serializers.IntegerField()
    name = serializers.CharField()
    reason = serializers.ChoiceField(choices=["inactive", "skill_missing", "not_for_this_service", "credential_missing",
                                              "out_of_radius",
                                              "not_working", "busy", "passed"])
    message = serializers.CharField()


class OrderCandidatesOutput(serializers.Serializer):
    order = serializers.IntegerField()
    crew_size = serializers.IntegerField()
    enough_for_crew = serializers.BooleanField()
    proposed_crew = serializers.ListField(child=serializers.IntegerField(),
                                         help_text="The best crew_size candidates (workers); empty when too few")
    weights = serializers.DictField(child=serializers.IntegerField())
    candidates = CandidateOutput(many=True)
    unavailable = NonCandidateOutput(many=True)


def ranking_data(ranking: Ranking) -> dict:
    return {
        "order": ranking.order_id, "crew_size": ranking.crew_size, "enough_for_crew": ranking.enough_for_crew,
        "proposed_crew": list(ranking.proposed_crew), "weights": ranking.weights,
        "candidates": [{"worker": c.worker_id, "name": c.name, "score": c.score, "is_current": c.is_current,
                        "travel_minutes": c.facts.travel_minutes,
                        "booked_minutes_this_week": c.facts.booked_minutes_this_week,
                        "reasons": [vars(r) for r in c.reasons]} for c in ranking.candidates],
        "unavailable": [{"worker": u.worker_id, "name": u.name, "reason": u.reason, "message": u.message}
                        for u in ranking.unavailable],
    }


class OfficeOrderCandidatesApi(APIView):
    """The workers who could take the order, best first, each with the reasons of their score; and
    everyone else with why they cannot (owner, admin, dispatcher)."""

    permission_classes = [Dispatcher]

    @extend_schema(responses={200: OrderCandidatesOutput, 404: ErrorOutput})
    def get(self, request, order_id):
        order = get_order_for_dispatch(order_id)
        passed = passed_workers(order)
        return Response(ranking_data(rank_candidates(order, now=timezone.now(), passed=passed)))


class DispatchSettingsOutput(serializers.Serializer):
    auto_dispatch = serializers.BooleanField()
    offer_minutes = serializers.IntegerField()
    weight_travel = serializers.IntegerField()
    weight_rating = serializers.IntegerField()
    weight_level = serializers.IntegerField()
    weight_workload = serializers.IntegerField()
    weight_previous_worker = serializers.IntegerField()


def _weight():
    return serializers.IntegerField(min_value=0, max_value=10, required=False)


class DispatchSettingsInput(serializers.Serializer):
    auto_dispatch = serializers.BooleanField(required=False)
    offer_minutes = serializers.IntegerField(min_value=1, max_value=24 * 60, required=False)
    weight_travel = _weight()
    weight_rating = _weight()
    weight_level = _weight()
    weight_workload = _weight()
    weight_previous_worker = _weight()


def _settings_data(row) -> dict:
    return {name: getattr(row, name) for name in dispatch.DISPATCH_SETTINGS_FIELDS}


class DispatchSettingsApi(APIView):
    """The dispatch settings (owner, admin, dispatcher)."""

    permission_classes = [Dispatcher]

    @extend_schema(operation_id="office_dispatch_settings_read", responses={200: DispatchSettingsOutput})
    def get(self, request):
        return Response(_settings_data(dispatch_settings()))


class DispatchSettingsUpdateApi(APIView):
    """Change the dispatch settings (owner/admin); fields left out keep their value."""

    permission_classes = [CompanyManager]

    @extend_schema(operation_id="office_dispatch_settings_update", request=DispatchSettingsInput,
                   responses={200: DispatchSettingsOutput, 400: ErrorOutput})
    def put(self, request):
        data = parse_input(DispatchSettingsInput, request.data)
        return Response(_settings_data(dispatch.update_dispatch_settings(actor=request.user, changes=data)))


class DispatchSettingsRoutes(OperationRouter):
    """The score's weights and automatic dispatch. GET: owner, admin, dispatcher; PUT: owner/admin."""

    operations = {"get": DispatchSettingsApi, "put": DispatchSettingsUpdateApi}


# ---- optimise a day --------------------------------------------------------------------------------

class OptimiseDayInput(serializers.Serializer):
    day = serializers.DateField(help_text="A company date")
    move_assigned = serializers.BooleanField(required=False, default=False,
                                             help_text="Also move orders offered but not yet accepted")


class PlanMoveOutput(serializers.Serializer):
    order = serializers.IntegerField()
    from_worker = serializers.IntegerField(allow_null=True)
    to_worker = serializers.IntegerField()
    starts_at = serializers.DateTimeField(help_text="Unchanged: the booked start")


class PlanMoveDetailOutput(PlanMoveOutput):
    from_name = serializers.CharField(allow_blank=True)
    to_name = serializers.CharField()


class PlanLeftOutput(serializers.Serializer):
    order = serializers.IntegerField()
    reason = serializers.CharField()
    message = serializers.CharField()


class PlanWorkerOutput(serializers.Serializer):
    worker = serializers.IntegerField()
    name = serializers.CharField()
    minutes = serializers.IntegerField(help_text="From leaving home to getting back, in the plan")


class DayPlanOutput(serializers.Serializer):
    day = serializers.DateField()
    method = serializers.CharField()
    total_travel_minutes = serializers.IntegerField()
    travel_now_minutes = serializers.IntegerField()
    moves = PlanMoveDetailOutput(many=True)
    unplaced = PlanLeftOutput(many=True)
    workers = PlanWorkerOutput(many=True)
    plan = serializers.DictField(help_text="Post this back to apply the plan")


def day_plan_data(day_plan) -> dict:
    names = day_plan.names
    return {
        "day": day_plan.day, "method": day_plan.method, "total_travel_minutes": day_plan.total_travel,
        "travel_now_minutes": day_plan.travel_now,
        "moves": [{"order": m.order_id, "from_worker": m.from_worker, "to_worker": m.to_worker,
                   "starts_at": m.starts_at, "from_name": names.get(m.from_worker, ""),
                   "to_name": names.get(m.to_worker, "")} for m in day_plan.moves],
        "unplaced": [{"order": u.order_id, "reason": u.code, "message": u.message} for u in day_plan.unplaced],
        "workers": [{"worker": pk, "name": names.get(pk, ""), "minutes": minutes}
                    for pk, minutes in day_plan.worker_minutes.items()],
        "plan": day_plan.payload(),
    }


class OptimiseDayApi(APIView):
    """Plan a day (owner, admin, dispatcher): who would take each order waiting for a worker, the
    travel compared with now, and what could not be placed, with why. Writes nothing."""

    permission_classes = [Dispatcher]

    @extend_schema(operation_id="office_dispatch_optimise_plan", request=OptimiseDayInput,
                   responses={200: DayPlanOutput, 400: ErrorOutput})
    def post(self, request):
        data = parse_input(OptimiseDayInput, request.data)
        return Response(day_plan_data(optimise_day(day=data["day"], move_assigned=data["move_assigned"],
                                                   now=timezone.now())))


class ApplyPlanInput(serializers.Serializer):
    day = serializers.CharField(required=False, allow_blank=True, default="")
    moves = PlanMoveOutput(many=True, allow_empty=False)


class AppliedOutput(serializers.Serializer):
    applied = serializers.IntegerField()
    orders = serializers.ListField(child=serializers.DictField())


class ApplyDayPlanApi(APIView):
    """Apply a plan (owner, admin, dispatcher): all its moves or none (plan_outdated, 409, when an
    order changed since). Takes an Idempotency-Key: a retry replays the first answer."""

    permission_classes = [Dispatcher]

    @extend_schema(operation_id="office_dispatch_optimise_apply", request=ApplyPlanInput,
                   responses={200: AppliedOutput, 400: ErrorOutput, 409: ErrorOutput})
    @idempotent
    def post(self, request):
        data = parse_input(ApplyPlanInput, request.data)
        moves = [{**m, "starts_at": m["starts_at"].isoformat()} for m in data["moves"]]
        orders = optimise_service.apply_plan(actor=request.user, moves=moves, day=data["day"])
        return Response({"applied": len(orders), "orders": [
            {"order": o.pk, "worker": o.worker_id, "status": o.status} for o in orders]})
