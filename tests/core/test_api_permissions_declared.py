"""Every API endpoint on both URLconfs names who may call it, per class (one class per operation);
none relies on the DenyAll default, and none switches its permissions on the HTTP method."""
import ast
import importlib
import inspect
import textwrap

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, URLResolver
from rest_framework.views import APIView

from shared_apps.core.operations import OperationRouter
from shared_apps.core.permissions import DenyAll

# Endpoints that refuse everyone on purpose (none yet): "module.ClassName".
DELIBERATELY_CLOSED: set[str] = set()


def api_views(urlconf: str):
    """(route, view class, as_view() keyword arguments) of every DRF view under `urlconf`."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                view_class = getattr(pattern.callback, "cls", None)
                if view_class is not None and issubclass(view_class, OperationRouter):
                    for operation in view_class.operations.values():
                        yield prefix + str(pattern.pattern), operation, {}
                elif view_class is not None and issubclass(view_class, APIView):
                    yield prefix + str(pattern.pattern), view_class, getattr(pattern.callback, "initkwargs", {})

    return list(walk(importlib.import_module(urlconf).urlpatterns))


def declares_permissions(view_class, initkwargs) -> bool:
    if "permission_classes" in initkwargs:
        return True
    for klass in view_class.__mro__:
        if klass is APIView:
            return False
        if "permission_classes" in vars(klass) or "get_permissions" in vars(klass):
            return True
    return False


def switches_on_the_method(view_class) -> bool:
    """Whether a get_permissions of the class (or a base) reads the request's method: any method added
    later would get whichever rule the switch gives by default."""
    for klass in view_class.__mro__:
        if klass is APIView:
            return False
        function = vars(klass).get("get_permissions")
        if function is None:
            continue
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
        if any(isinstance(node, ast.Attribute) and node.attr in ("method", "action") for node in ast.walk(tree)):
            return True
    return False


def effective_permissions(view_class, initkwargs):
    return initkwargs.get("permission_classes", view_class.permission_classes)


ALL_VIEWS = [(urlconf, *view) for urlconf in ("config.urls_public", "config.urls_tenant")
             for view in api_views(urlconf)]


def test_both_urlconfs_have_api_endpoints():
    routes = {(urlconf, route) for urlconf, route, _cls, _kw in ALL_VIEWS}

    assert ("config.urls_public", "api/v1/companies/") in routes
    assert ("config.urls_tenant", "api/v1/office/staff/") in routes
    assert len(routes) >= 15


@pytest.mark.parametrize("urlconf, route, view_class, initkwargs", ALL_VIEWS,
                         ids=[f"{u.split('_')[-1]}:{r}" for u, r, _c, _k in ALL_VIEWS])
def test_the_endpoint_declares_its_permissions(urlconf, route, view_class, initkwargs):
    name = f"{view_class.__module__}.{view_class.__qualname__}"

    assert declares_permissions(view_class, initkwargs), f"{name} at {route} falls back to the DenyAll default"
    if name not in DELIBERATELY_CLOSED and "get_permissions" not in vars(view_class):
        assert DenyAll not in effective_permissions(view_class, initkwargs), f"{name} refuses everyone"


@pytest.mark.parametrize("urlconf, route, view_class, initkwargs", ALL_VIEWS,
                         ids=[f"{u.split('_')[-1]}:{r}:{c.__name__}" for u, r, c, _k in ALL_VIEWS])
def test_the_endpoint_never_switches_its_permissions_on_the_method(urlconf, route, view_class, initkwargs):
    assert not switches_on_the_method(view_class), (
        f"{view_class.__module__}.{view_class.__qualname__} at {route} picks its permissions by HTTP method: "
        "make one class per operation (shared_apps.core.operations.OperationRouter)")


def test_a_method_switch_in_get_permissions_is_caught():
    class Switching(APIView):
        def get_permissions(self):
            return [DenyAll()] if self.request.method == "POST" else []

    class Inheriting(Switching):
        permission_classes = [DenyAll]

    assert switches_on_the_method(Switching)
    assert switches_on_the_method(Inheriting)
    assert not switches_on_the_method(APIView)


def test_a_router_refuses_an_operation_that_declares_no_permissions():
    class Bare(APIView):
        def get(self, request):
            raise AssertionError("never reached")

    with pytest.raises(ImproperlyConfigured):
        class Routes(OperationRouter):
            operations = {"get": Bare}


def test_each_operation_of_a_url_keeps_its_own_rule(client_for, people):
    """A worker may read the staff list but not invite; a method the URL lacks is still a 405 after
    the caller is checked, and the Allow header lists every method of the URL."""
    worker = client_for(people.company_a, people.worker_a)
    owner = client_for(people.company_a, people.owner_a)

    listed = worker.get("/api/v1/office/staff/")
    invited = worker.post("/api/v1/office/staff/", {"phone": "+8613900139077", "role": "worker"}, format="json")
    missing = owner.put("/api/v1/office/staff/", {}, format="json")

    assert listed.status_code == 200
    assert listed["Allow"] == "GET, POST, HEAD, OPTIONS"
    assert invited.status_code == 403
    assert missing.status_code == 405
    assert client_for(people.company_a).put("/api/v1/office/staff/", {}, format="json").status_code in (401, 403)


def test_an_endpoint_that_forgets_its_permissions_is_caught_and_refuses_everyone():
    class Forgetful(APIView):
        def get(self, request):
            raise AssertionError("never reached")

    assert not declares_permissions(Forgetful, {})
    assert Forgetful().get_permissions()[0].__class__ is DenyAll
