"""The in-app inbox on any host: the caller's notifications (all companies', or `?company=`)."""
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.core.api import ErrorOutput, parse_input
from shared_apps.core.permissions import SignedIn

from .selectors import get_notification_for, inbox_for
from .services import mark_notification_read


class NotificationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    company_id = serializers.IntegerField(allow_null=True)
    kind = serializers.CharField()
    title = serializers.CharField()
    body = serializers.CharField()
    data = serializers.DictField()
    read_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()


class NotificationQuery(serializers.Serializer):
    company = serializers.IntegerField(min_value=1, max_value=2**63 - 1, required=False)


def _data(n) -> dict:
    return {"id": n.pk, "company_id": n.company_id, "kind": n.kind, "title": n.title, "body": n.body, "data": n.data,
            "read_at": n.read_at, "created_at": n.created_at}


class NotificationListApi(APIView):
    """The caller's inbox, newest first (the latest 100)."""

    permission_classes = [SignedIn]

    @extend_schema(parameters=[NotificationQuery], responses={200: NotificationOutput(many=True)})
    def get(self, request):
        query = parse_input(NotificationQuery, request.query_params)
        rows = inbox_for(request.user, company_id=query.get("company"))[:100]
        return Response([NotificationOutput(_data(n)).data for n in rows])


class NotificationReadApi(APIView):
    """Mark one notification read."""

    permission_classes = [SignedIn]

    @extend_schema(request=None, responses={200: NotificationOutput, 404: ErrorOutput})
    def post(self, request, notification_id):
        notification = mark_notification_read(actor=request.user,
                                              notification=get_notification_for(request.user, notification_id))
        return Response(NotificationOutput(_data(notification)).data)
