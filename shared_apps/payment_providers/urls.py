"""The sandbox gateway's pages on the platform host (config/urls_public.py mounts them)."""
from django.urls import path

from . import views

urlpatterns = [
    path("sandbox-pay/<str:payment_id>/", views.sandbox_pay, name="sandbox-pay"),
]
