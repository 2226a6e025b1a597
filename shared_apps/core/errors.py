"""The one error type services raise; views and the API render it the same way."""
from __future__ import annotations

from enum import StrEnum
from typing import Any

from django.utils.translation import gettext as _


class DomainError(Exception):
    """A rule of the business was broken: a code for clients, a message for people, an HTTP status."""

    def __init__(
        self,
        code: StrEnum | str,
        message: str,
        *,
        status: int = 400,
        fields: dict[str, list[str]] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = str(code)
        self.message = str(message)
        self.status = status
        self.fields = fields or {}
        self.extra = extra or {}

    def as_dict(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message, "fields": self.fields}
        body.update(self.extra)
        return body


class ValidationFailed(DomainError):
    """Input was wrong: field-level messages for the form or the API client."""

    def __init__(self, fields: dict[str, list[str]], message: str | None = None) -> None:
        super().__init__("invalid", message or _("Please correct the errors below."), status=400, fields=fields)


class NotFound(DomainError):
    """Missing and forbidden look the same, so ids cannot be probed."""

    def __init__(self, what: str = "object") -> None:
        super().__init__("not_found", _("No such %(what)s.") % {"what": what}, status=404)


class PermissionDenied(DomainError):
    def __init__(self, message: str | None = None) -> None:
        super().__init__("permission_denied", message or _("You are not allowed to do this."), status=403)
