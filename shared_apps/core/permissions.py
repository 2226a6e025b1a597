"""Who may call an endpoint. Every API view names its classes; the default refuses everyone."""
from django.conf import settings
from django.db import connection
from rest_framework.permissions import BasePermission


class DenyAll(BasePermission):
    """The default: an endpoint that forgot to declare its callers answers 403."""

    def has_permission(self, request, view) -> bool:
        return False


class Anyone(BasePermission):
    """Deliberately open (sign-up, sign-in, public catalog)."""

    def has_permission(self, request, view) -> bool:
        return True


class SignedIn(BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_active)


class PlatformOperator(SignedIn):
    """Console staff, on the platform host only."""

    def has_permission(self, request, view) -> bool:
        return (
            super().has_permission(request, view)
            and connection.schema_name == settings.PUBLIC_SCHEMA_NAME
            and request.user.is_platform_operator
        )


def on_company_host() -> bool:
    return connection.schema_name != settings.PUBLIC_SCHEMA_NAME
