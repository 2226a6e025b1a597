"""The worker app's customer rating page on the platform host; config/urls_public.py mounts it under
/worker/ in the "worker" namespace with the other worker pages."""
from django.urls import path

from . import views

urlpatterns = [
    path("tasks/<str:company_id>/<str:order_id>/rate-customer/", views.rate_customer_page,
         name="task-rate-customer"),
]
