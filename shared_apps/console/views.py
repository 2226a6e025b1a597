"""Pages of this surface."""
from django.http import HttpResponse


def home(request):
    return HttpResponse("ok")
