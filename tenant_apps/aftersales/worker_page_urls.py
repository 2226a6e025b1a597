"""The worker app's problems page on the platform host; config/urls_public.py mounts it under
/worker/ in the "worker" namespace with the other worker pages."""
from django.urls import path

from . import worker_views

urlpatterns = [
    path("problems/", worker_views.worker_problems, name="problems"),
    path("problems/<str:company_id>/<str:case_id>/note/", worker_views.worker_note, name="problem-note"),
]
