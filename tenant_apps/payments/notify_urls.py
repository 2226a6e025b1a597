"""Providers' notifications on a company host (config/urls_tenant.py mounts them under /payments/)."""
from django.urls import path

from . import notify_views

urlpatterns = [
    path("notify/<str:provider>/", notify_views.provider_notification, name="payments-notify"),
]
