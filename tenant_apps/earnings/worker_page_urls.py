"""The worker app's Income page on the platform host; config/urls_public.py mounts it under /worker/
in the "worker" namespace with the other worker pages."""
from django.urls import path

from . import views

urlpatterns = [
    path("income/", views.income, name="income"),
    path("income/<str:company_id>/withdraw/", views.withdraw, name="withdraw"),
]
