"""The worker app's earnings routes on the platform host (included under /api/v1/)."""
from django.urls import path

from . import api

urlpatterns = [
    path("worker/income/", api.WorkerIncomeApi.as_view(), name="worker-income"),
    path("worker/companies/<str:company_id>/withdrawals/", api.WorkerWithdrawApi.as_view(),
         name="worker-withdrawals"),
]
