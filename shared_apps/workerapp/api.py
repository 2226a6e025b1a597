"""The worker app's API on the platform host: one identity, every company the worker serves."""
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.permissions import SignedIn
from tenants.selectors import companies_of_worker


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
