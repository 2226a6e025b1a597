"""The scheduling API routes on a company host (included under /api/v1/)."""
from django.urls import path

from . import api

urlpatterns = [
    path("slots/", api.SlotsApi.as_view(), name="slots"),
    path("holds/", api.HoldCreateApi.as_view(), name="holds"),
    path("holds/<str:hold_id>/", api.HoldDetailApi.as_view(), name="hold"),
    path("workers/<str:worker_id>/schedule/", api.WorkerScheduleApi.as_view(), name="worker-schedule"),
    path("office/scheduling/settings/", api.SchedulingSettingsApi.as_view(), name="office-scheduling-settings"),
]
