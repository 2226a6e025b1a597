"""Every API endpoint on both URLconfs names who may call it; none relies on the DenyAll default."""
import importlib

import pytest
from django.urls import URLPattern, URLResolver
from rest_framework.views import APIView

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
                if view_class is not None and issubclass(view_class, APIView):
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


def test_an_endpoint_that_forgets_its_permissions_is_caught_and_refuses_everyone():
    class Forgetful(APIView):
        def get(self, request):
            raise AssertionError("never reached")

    assert not declares_permissions(Forgetful, {})
    assert Forgetful().get_permissions()[0].__class__ is DenyAll
