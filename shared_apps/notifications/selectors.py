"""Reads of the inbox, scoped to its owner."""
from __future__ import annotations

from django.db.models import QuerySet

from shared_apps.core.api import parse_id
from shared_apps.core.errors import NotFound

from .models import Notification


def inbox_for(user, *, company_id: int | None = None) -> QuerySet[Notification]:
    qs = Notification.objects.filter(user_id=user.pk)
    return qs.filter(company_id=company_id) if company_id is not None else qs


def get_notification_for(user, notification_id) -> Notification:
    pk = parse_id(notification_id)
    found = inbox_for(user).filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise NotFound("notification")
    return found
