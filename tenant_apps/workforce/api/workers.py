"""Workers: the list, an invitation with a profile, one worker's profile, taking a worker off the staff."""
from __future__ import annotations

from django.db import connection
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput, parse_input
from shared_apps.core.fields import id_field
from shared_apps.core.operations import OperationRouter
from tenant_apps.people.models import StaffMember
from tenant_apps.people.output import StaffInvitationOutput, invitation_data
from tenant_apps.people.permissions import CompanyManager, OfficeStaff

from .. import services
from ..models import WorkerProfile, WorkerStatus
from ..selectors import get_staff_member_for_profile, get_worker_for, profile_of, workers_for


class WorkerHomeField(serializers.Serializer):
    latitude = serializers.FloatField(min_value=-90, max_value=90)
    longitude = serializers.FloatField(min_value=-180, max_value=180)


class WorkerOutput(serializers.Serializer):
    id = serializers.IntegerField(help_text="The staff member's id: the worker's id everywhere.")
    user_id = serializers.IntegerField()
    name = serializers.CharField()
    phone = serializers.CharField(allow_null=True)
    role = serializers.CharField()
    is_active = serializers.BooleanField(help_text="On the staff (false once removed).")
    status = serializers.ChoiceField(choices=WorkerStatus.choices)
    skills = serializers.ListField(child=serializers.CharField())
    level = serializers.IntegerField()
    services = serializers.ListField(child=serializers.IntegerField(),
                                     help_text="Services they may do; empty: every service their skills cover.")
    price_adjustment_percent = serializers.DecimalField(max_digits=5, decimal_places=2)
    home = WorkerHomeField(allow_null=True)
    service_radius_km = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)


def worker_data(member: StaffMember) -> dict:
    profile = profile_of(member) or WorkerProfile(staff_member=member)
    services = getattr(profile, "service_list", None)
    if services is None:
        services = list(profile.services.all()) if profile.pk and not profile._state.adding else []
    home = None
    if profile.home_latitude is not None:
        home = {"latitude": float(profile.home_latitude), "longitude": float(profile.home_longitude)}
    return {
        "id": member.pk, "user_id": member.user_id, "name": str(member), "phone": member.user.phone,
        "role": member.role, "is_active": member.is_active, "status": profile.status, "skills": profile.skills,
        "level": profile.level, "services": sorted(s.pk for s in services),
        "price_adjustment_percent": f"{profile.price_adjustment_percent:.2f}", "home": home,
        "service_radius_km": None if profile.service_radius_km is None else f"{profile.service_radius_km:.2f}",
    }


class WorkerProfileInput(serializers.Serializer):
    skills = serializers.ListField(child=serializers.SlugField(max_length=40), max_length=50, required=False)
    level = serializers.IntegerField(min_value=1, max_value=10, required=False)
    services = serializers.ListField(child=id_field(), max_length=500, required=False)
    price_adjustment_percent = serializers.DecimalField(max_digits=5, decimal_places=2, min_value=-90,
                                                        max_value=500, required=False)
    home = WorkerHomeField(required=False, allow_null=True)
    service_radius_km = serializers.DecimalField(max_digits=6, decimal_places=2, min_value=0, max_value=1000,
                                                 required=False, allow_null=True)
    status = serializers.ChoiceField(choices=WorkerStatus.choices, required=False)


class WorkerInviteInput(WorkerProfileInput):
    phone = serializers.CharField(max_length=32)


def _profile_values(data: dict) -> dict:
    return {k: v for k, v in data.items() if k in services.PROFILE_FIELDS}


class WorkerListApi(APIView):
    """The company's workers with their profiles (office staff)."""

    permission_classes = [OfficeStaff]

    @extend_schema(responses={200: WorkerOutput(many=True)})
    def get(self, request):
        return Response([worker_data(m) for m in workers_for(request.staff_member)])


class WorkerInviteApi(APIView):
    """Invite a worker by phone (owner/admin); they join, with the profile given here, when they
    accept in the worker app."""

    permission_classes = [CompanyManager]

    @extend_schema(
        request=WorkerInviteInput, responses={201: StaffInvitationOutput, 400: ErrorOutput, 409: ErrorOutput},
        examples=[OpenApiExample("A cleaner", request_only=True, value={
            "phone": "+8613900139000", "skills": ["cleaning"], "level": 2,
            "home": {"latitude": 31.2304, "longitude": 121.4737}, "service_radius_km": "15"})],
    )
    def post(self, request):
        data = parse_input(WorkerInviteInput, request.data)
        invitation = services.invite_worker_to_join(actor=request.user, company=connection.tenant,
                                                    phone=data["phone"], profile=_profile_values(data))
        return Response(invitation_data(invitation), status=status.HTTP_201_CREATED)


class WorkerRoutes(OperationRouter):
    """GET: the company's workers with their profiles (office staff). POST: invite a worker by phone
    (owner/admin); they join, with the profile given here, when they accept in the worker app."""

    operations = {"get": WorkerListApi, "post": WorkerInviteApi}


class WorkerDetailApi(APIView):
    """One worker (office staff)."""

    permission_classes = [OfficeStaff]

    @extend_schema(responses={200: WorkerOutput, 404: ErrorOutput})
    def get(self, request, worker_id):
        return Response(worker_data(get_worker_for(request.staff_member, worker_id)))


class WorkerProfileChangeApi(APIView):
    """Change a worker's profile (owner/admin; any staff member can be given one)."""

    permission_classes = [CompanyManager]

    @extend_schema(request=WorkerProfileInput, responses={200: WorkerOutput, 400: ErrorOutput, 404: ErrorOutput})
    def patch(self, request, worker_id):
        member = get_staff_member_for_profile(request.staff_member, worker_id)
        data = parse_input(WorkerProfileInput, request.data)
        services.change_worker_profile(actor=request.user, member=member, changes=_profile_values(data))
        return Response(worker_data(get_worker_for(request.staff_member, member.pk)))


class WorkerRemoveApi(APIView):
    """Take a worker off the staff (owner/admin); their history stays."""

    permission_classes = [CompanyManager]

    @extend_schema(responses={204: None, 404: ErrorOutput, 409: ErrorOutput})
    def delete(self, request, worker_id):
        member = get_worker_for(request.staff_member, worker_id)
        worker = services.ensure_worker_profile(actor=request.user, member=member)
        services.remove_worker(actor=request.user, company=connection.tenant, worker=worker)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WorkerMemberRoutes(OperationRouter):
    """GET one worker (office staff). PATCH their profile (owner/admin; any staff member can be given
    one). DELETE: take them off the staff (owner/admin); their history stays."""

    operations = {"get": WorkerDetailApi, "patch": WorkerProfileChangeApi, "delete": WorkerRemoveApi}
