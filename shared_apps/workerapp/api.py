"""The worker app's API on the platform host: one identity, every company the worker serves."""
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput
from shared_apps.core.permissions import SignedIn
from tenants.selectors import companies_of_worker, invitations_of

from .invitations import answer_invitation


class WorkerCompanyOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    site_url = serializers.CharField()
    primary_color = serializers.CharField()


class WorkerCompaniesApi(APIView):
    """The companies the caller works for (empty for someone who works for none)."""

    permission_classes = [SignedIn]

    @extend_schema(responses={200: WorkerCompanyOutput(many=True)})
    def get(self, request):
        return Response([
            {"id": c.pk, "name": c.name, "site_url": c.site_url, "primary_color": c.primary_color}
            for c in companies_of_worker(request.user)
        ])


class WorkerInvitationOutput(serializers.Serializer):
    company_id = serializers.IntegerField()
    company_name = serializers.CharField()
    invitation_id = serializers.IntegerField()
    role = serializers.CharField()


class WorkerInvitationListApi(APIView):
    """The staff invitations waiting for the caller's answer, from every company."""

    permission_classes = [SignedIn]

    @extend_schema(responses={200: WorkerInvitationOutput(many=True)})
    def get(self, request):
        return Response([
            {"company_id": a.company_id, "company_name": a.company.name, "invitation_id": a.local_id, "role": a.role}
            for a in invitations_of(request.user)
        ])


class WorkerInvitationAnswerOutput(serializers.Serializer):
    company_name = serializers.CharField()
    accepted = serializers.BooleanField()


class WorkerInvitationAcceptApi(APIView):
    """Join the company's staff with the offered role (only the invited person can)."""

    permission_classes = [SignedIn]
    accept = True

    @extend_schema(request=None, responses={200: WorkerInvitationAnswerOutput, 404: ErrorOutput, 409: ErrorOutput})
    def post(self, request, company_id, invitation_id):
        name = answer_invitation(actor=request.user, company_id=company_id, invitation_id=invitation_id,
                                 accept=self.accept)
        return Response({"company_name": name, "accepted": self.accept})


class WorkerInvitationDeclineApi(WorkerInvitationAcceptApi):
    """Say no: the company sees the invitation declined, and still nothing else of the person."""

    permission_classes = [SignedIn]
    accept = False
