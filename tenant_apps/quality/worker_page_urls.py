"""The worker app's Score page on the platform host; config/urls_public.py mounts it under /worker/
in the "worker" namespace with the other worker pages."""
from django.urls import path

from . import views

urlpatterns = [
    path("score/", views.score, name="score"),
    path("score/<str:company_id>/sanctions/<str:sanction_id>/appeal/", views.appeal, name="sanction-appeal"),
]
