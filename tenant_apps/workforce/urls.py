"""The workforce API routes on a company host (included under /api/v1/)."""
from django.urls import path

from . import api

urlpatterns = [
    path("office/workers/", api.WorkerRoutes.as_view(), name="office-workers"),
    path("office/workers/<str:worker_id>/", api.WorkerMemberRoutes.as_view(), name="office-worker"),
    path("office/workers/<str:worker_id>/shift-templates/", api.WeekTemplateApi.as_view(),
         name="office-worker-shift-templates"),
    path("office/shift-templates/<str:template_id>/", api.ShiftTemplateDetailApi.as_view(),
         name="office-shift-template"),
    path("office/shifts/", api.ShiftListApi.as_view(), name="office-shifts"),
    path("office/shifts/<str:shift_id>/", api.ShiftDetailApi.as_view(), name="office-shift"),
    path("office/time-off/", api.TimeOffListApi.as_view(), name="office-time-off-list"),
    path("office/time-off/<str:time_off_id>/", api.TimeOffDetailApi.as_view(), name="office-time-off"),
    path("office/roster/", api.RosterApi.as_view(), name="office-roster"),
]
