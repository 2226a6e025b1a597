"""Staff (back office) and customer-profile endpoints on a company host."""
from django.db import connection
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.phones import mask_phone
from shared_apps.core.api import ErrorOutput, parse_input
from shared_apps.core.errors import NotFound
from shared_apps.core.operations import OperationRouter

from . import invitations, services
from .models import StaffRole
from .output import StaffInvitationOutput, invitation_data
from .permissions import CompanyCustomer, CompanyManager, CompanyStaff
from .selectors import customer_of, get_staff_member_for, staff_for


class StaffMemberOutput(serializers.Serializer):
    id = serializers.IntegerField()
    user_id = serializers.IntegerField()
    name = serializers.CharField()
    phone = serializers.CharField(allow_null=True)
    role = serializers.CharField()
    is_active = serializers.BooleanField()


def staff_data(member, viewer) -> dict:
    phone = member.user.phone
    return {
        "id": member.pk, "user_id": member.user_id, "name": str(member), "role": member.role,
        "is_active": member.is_active,
        # Office staff need to call their people; co-workers never see each other's numbers.
        "phone": phone if viewer.is_office_staff or viewer.pk == member.pk else (phone and mask_phone(phone)),
    }


class StaffInviteInput(serializers.Serializer):
    phone = serializers.CharField(max_length=32)
    role = serializers.ChoiceField(choices=StaffRole.choices)


class StaffListApi(APIView):
    """The staff list (any staff member; a worker sees only themselves)."""

    permission_classes = [CompanyStaff]

    @extend_schema(responses={200: StaffMemberOutput(many=True)})
    def get(self, request):
        viewer = request.staff_member
        return Response([staff_data(m, viewer) for m in staff_for(viewer)])


class StaffInviteApi(APIView):
    """Invite someone by phone (owner/admin); they join when they accept in the worker app."""

    permission_classes = [CompanyManager]

    @extend_schema(
        request=StaffInviteInput, responses={201: StaffInvitationOutput, 400: ErrorOutput, 409: ErrorOutput},
        examples=[OpenApiExample("A worker", value={"phone": "+8613900139000", "role": "worker"}, request_only=True)],
    )
    def post(self, request):
        data = parse_input(StaffInviteInput, request.data)
        invitation = invitations.invite_to_staff(actor=request.user, company=connection.tenant, phone=data["phone"],
                                                 role=data["role"])
        return Response(invitation_data(invitation), status=status.HTTP_201_CREATED)


class StaffRoutes(OperationRouter):
    """GET: the staff list (a worker sees only themselves). POST: invite someone by phone (owner/admin);
    they join when they accept in the worker app."""

    operations = {"get": StaffListApi, "post": StaffInviteApi}


class StaffInvitationListApi(APIView):
    """The invitations still waiting for an answer (owner/admin): numbers and roles only."""

    permission_classes = [CompanyManager]

    @extend_schema(responses={200: StaffInvitationOutput(many=True)})
    def get(self, request):
        return Response([invitation_data(i) for i in invitations.pending_invitations()])


class StaffChangeInput(serializers.Serializer):
    role = serializers.ChoiceField(choices=StaffRole.choices, required=False)
    is_active = serializers.BooleanField(required=False)


class StaffDetailApi(APIView):
    """One staff member (any staff member; a worker: only themselves)."""

    permission_classes = [CompanyStaff]

    @extend_schema(responses={200: StaffMemberOutput, 404: ErrorOutput})
    def get(self, request, member_id):
        member = get_staff_member_for(request.staff_member, member_id)
        return Response(staff_data(member, request.staff_member))


class StaffChangeApi(APIView):
    """Change a staff member's role or active flag (owner/admin)."""

    permission_classes = [CompanyManager]

    @extend_schema(request=StaffChangeInput, responses={200: StaffMemberOutput, 404: ErrorOutput, 409: ErrorOutput})
    def patch(self, request, member_id):
        member = get_staff_member_for(request.staff_member, member_id)
        data = parse_input(StaffChangeInput, request.data)
        member = services.change_staff_member(
            actor=request.user, company=connection.tenant, member=member,
            role=data.get("role"), is_active=data.get("is_active"),
        )
        return Response(staff_data(member, request.staff_member))


class StaffMemberRoutes(OperationRouter):
    """GET one staff member (a worker: only themselves); PATCH role or active flag (owner/admin)."""

    operations = {"get": StaffDetailApi, "patch": StaffChangeApi}


class CustomerProfileOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    phone = serializers.CharField(allow_null=True)
    email = serializers.CharField(allow_null=True)


class CustomerProfileInput(serializers.Serializer):
    name = serializers.CharField(max_length=100, allow_blank=True)


class CustomerProfileApi(APIView):
    """The caller's customer profile at this company (404 until they have one); never writes."""

    permission_classes = [CompanyCustomer]

    @extend_schema(responses={200: CustomerProfileOutput, 404: ErrorOutput})
    def get(self, request):
        customer = customer_of(request.user)
        if customer is None:
            raise NotFound("customer profile")
        return Response(_customer_data(customer))


class CustomerProfileChangeApi(APIView):
    """Complete the caller's customer profile; the first change makes them a customer here."""

    permission_classes = [CompanyCustomer]

    @extend_schema(request=CustomerProfileInput, responses={200: CustomerProfileOutput, 400: ErrorOutput})
    def patch(self, request):
        data = parse_input(CustomerProfileInput, request.data)
        customer = services.ensure_customer(company=connection.tenant, user=request.user)
        customer = services.update_customer_profile(actor=request.user, customer=customer, name=data["name"])
        return Response(_customer_data(customer))


class CustomerProfileRoutes(OperationRouter):
    """GET: the caller's customer profile at this company (404 until they have one). PATCH: complete
    it; the first PATCH makes the caller a customer here. A GET never writes into a company."""

    operations = {"get": CustomerProfileApi, "patch": CustomerProfileChangeApi}


def _customer_data(customer) -> dict:
    return {"id": customer.pk, "name": customer.name, "phone": customer.user.phone, "email": customer.user.email}
