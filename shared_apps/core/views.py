"""Views of no particular surface."""
from django.http import HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static

from shared_apps.accounts.access import anyone


@anyone
def ping(request):
    """A fixed answer through the full middleware stack: the ceiling the benchmarks compare pages with."""
    return HttpResponse("pong", content_type="text/plain")


def server_error(request):
    """handler500: a database or Redis outage is a 503 with Retry-After (JSON under /api/), not a 500.

    Called by Django inside its `except` block for the uncaught exception, which is how the
    exception is known here.
    """
    import sys

    from django.views.defaults import server_error as default_server_error

    from .outages import is_outage, unavailable_response

    exc = sys.exc_info()[1]
    if is_outage(exc):
        return unavailable_response(request, exc)
    return default_server_error(request)


@anyone
def favicon(request):
    """/favicon.ico, which browsers and crawlers ask for whatever the page says: the site's icon."""
    return redirect(static("favicon.svg"), permanent=True)
