"""The public certificate check on the platform host (/verify/<code>/): whose certificate, which
exam, when, and whether it is valid; nothing else about the worker."""
from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from shared_apps.accounts.access import anyone
from shared_apps.core.errors import NotFound

from .selectors import certificate_by_code


@anyone
def verify(request, code):
    try:
        certificate = certificate_by_code(code)
    except NotFound as error:
        raise Http404(error.message) from error
    return render(request, "platform/verify_certificate.html", {"certificate": certificate})
