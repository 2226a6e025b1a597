"""The workforce API routes on a company host (included under /api/v1/)."""
from django.urls import path

from .api import roster, shifts, time_off, week_templates, workers

urlpatterns = [
    path("office/workers/", workers.WorkerRoutes.as_view(), name="office-workers"),
    path("office/workers/<str:worker_id>/", workers.WorkerMemberRoutes.as_view(), name="office-worker"),
    path("office/workers/<str:worker_id>/shift-templates/", week_templates.WeekTemplateRoutes.as_view(),
         name="office-worker-shift-templates"),
    path("office/shift-templates/<str:template_id>/", week_templates.ShiftTemplateRoutes.as_view(),
         name="office-shift-template"),
    path("office/shifts/", shifts.ShiftRoutes.as_view(), name="office-shifts"),
    path("office/shifts/<str:shift_id>/", shifts.ShiftDetailRoutes.as_view(), name="office-shift"),
    path("office/time-off/", time_off.TimeOffRoutes.as_view(), name="office-time-off-list"),
    path("office/time-off/<str:time_off_id>/", time_off.TimeOffDetailRoutes.as_view(), name="office-time-off"),
    path("office/roster/", roster.RosterRoutes.as_view(), name="office-roster"),
]
