"""The workforce API routes on a company host (included under /api/v1/)."""
from django.urls import path

from .api import roster, shifts, time_off, week_templates, workers

urlpatterns = [
    path("office/workers/", workers.WorkerRoutes.as_view(), name="office-workers"),
    path("office/workers/<str:worker_id>/", workers.WorkerMemberRoutes.as_view(), name="office-worker"),
    path("office/workers/<str:worker_id>/shift-templates/", week_templates.WeekTemplateApi.as_view(),
         name="office-worker-shift-templates"),
    path("office/shift-templates/<str:template_id>/", week_templates.ShiftTemplateDetailApi.as_view(),
         name="office-shift-template"),
    path("office/shifts/", shifts.ShiftListApi.as_view(), name="office-shifts"),
    path("office/shifts/<str:shift_id>/", shifts.ShiftDetailApi.as_view(), name="office-shift"),
    path("office/time-off/", time_off.TimeOffListApi.as_view(), name="office-time-off-list"),
    path("office/time-off/<str:time_off_id>/", time_off.TimeOffDetailApi.as_view(), name="office-time-off"),
    path("office/roster/", roster.RosterApi.as_view(), name="office-roster"),
]
