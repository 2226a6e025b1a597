"""Views of no particular surface."""
from django.http import HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static

from shared_apps.accounts.access import anyone


@anyone
def ping(request):
    """A fixed answer through the full middleware stack: the ceiling the benchmarks compare pages with."""
    return HttpResponse("pong", content_type="text/plain")


@anyone
def favicon(request):
    """/favicon.ico, which browsers and crawlers ask for whatever the page says: the site's icon."""
    return redirect(static("favicon.svg"), permanent=True)
