"""The scheduling API routes on a company host (included under /api/v1/)."""
from django.urls import path

from .api import holds, schedule, settings, slots

urlpatterns = [
    path("slots/", slots.SlotsApi.as_view(), name="slots"),
    path("holds/", holds.HoldCreateApi.as_view(), name="holds"),
    path("holds/<str:hold_id>/", holds.HoldRoutes.as_view(), name="hold"),
    path("workers/<str:worker_id>/schedule/", schedule.WorkerScheduleApi.as_view(), name="worker-schedule"),
    path("office/scheduling/settings/", settings.SchedulingSettingsRoutes.as_view(),
         name="office-scheduling-settings"),
]
