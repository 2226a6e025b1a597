"""Who may open a page: the declarations every page view carries, and the 403 page.

Each decorator marks the view with `access` (what it requires), so a test can walk the URLconfs
and find any page that forgot to say who may call it.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def anyone(view: Callable) -> Callable:
    """Deliberately open to everyone (landing, sign-in, a storefront's home page)."""
    view.access = "anyone"
    return view


def signed_in(login_url: str) -> Callable[[Callable], Callable]:
    """Anyone signed in; visitors go to `login_url` (a URL name) and come back after signing in."""

    def decorator(view: Callable) -> Callable:
        wrapped = login_required(view, login_url=login_url)
        wrapped.access = "signed_in"
        return wrapped

    return decorator


def requires(access: str, *, login_url: str, refusal: Callable[[HttpRequest], HttpResponse | None]):
    """Signed in, and `refusal(request)` returns None (else its response, a 403 page, is sent)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            refused = refusal(request)
            if refused is not None:
                return refused
            return view(request, *args, **kwargs)

        wrapped = login_required(checked, login_url=login_url)
        wrapped.access = access
        return wrapped

    return decorator


def forbidden(request: HttpRequest, *, base_template: str, message: str, login_url: str | None = None) -> HttpResponse:
    """The 403 page of a surface: what is refused, and a way to sign in as someone else."""
    return render(
        request, "errors/forbidden.html",
        {"base_template": base_template, "message": message, "login_url": login_url},
        status=403,
    )
