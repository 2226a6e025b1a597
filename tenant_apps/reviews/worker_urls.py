"""The worker app's customer rating route on the platform host (included under /api/v1/)."""
from django.urls import path

from . import api

urlpatterns = [
    path("worker/companies/<str:company_id>/tasks/<str:order_id>/customer-rating/",
         api.WorkerCustomerRatingApi.as_view(), name="worker-customer-rating"),
]
