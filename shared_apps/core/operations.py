"""One URL, one class per operation: each HTTP method of a URL is its own APIView with its own
permission classes, so a method added later never inherits another method's (looser) rule, as it
would from a method switch in get_permissions (docs/decisions.md, "One API class per operation")."""
from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ImproperlyConfigured
from rest_framework.views import APIView

from .permissions import DenyAll


class OperationRouter(APIView):
    """Sends each request to the operation class of its method; the operation checks its own
    permissions and answers. A method the URL does not have goes to the first operation, which checks
    its callers and answers 405, as one class with those methods did.

    The router itself refuses everyone and never runs a handler: it copies its operations' handlers
    only so that the API schema and the Allow header list every method of the URL."""

    operations: ClassVar[dict[str, type[APIView]]] = {}
    _operation_views: ClassVar[dict] = {}
    permission_classes = [DenyAll]

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        for method, operation in cls.operations.items():
            if method not in cls.http_method_names or not hasattr(operation, method):
                raise ImproperlyConfigured(f"{cls.__name__}: {operation.__name__} has no {method} handler")
            if not any("permission_classes" in vars(klass) for klass in operation.__mro__ if klass is not APIView):
                raise ImproperlyConfigured(f"{operation.__name__} declares no permission classes")
            setattr(cls, method, getattr(operation, method))
        cls._operation_views = {method: operation.as_view() for method, operation in cls.operations.items()}

    def dispatch(self, request, *args, **kwargs):
        views = type(self)._operation_views
        view = views.get(request.method.lower()) or next(iter(views.values()))
        response = view(request, *args, **kwargs)
        response["Allow"] = ", ".join(self.allowed_methods)
        return response
