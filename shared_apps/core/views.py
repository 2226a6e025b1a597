"""Views of no particular surface."""
from django.http import HttpResponse

from shared_apps.accounts.access import anyone


@anyone
def ping(request):
    """A fixed answer through the full middleware stack: the ceiling the benchmarks compare pages with."""
    return HttpResponse("pong", content_type="text/plain")
