"""Pages of this surface."""
from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="landing"),
]
