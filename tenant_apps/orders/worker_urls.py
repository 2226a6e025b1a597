"""The worker app's task routes on the platform host (included under /api/v1/)."""
from django.urls import path

from . import worker_api as api

T = "worker/companies/<str:company_id>/tasks/<str:order_id>/"

urlpatterns = [
    path("worker/tasks/", api.WorkerTaskListApi.as_view(), name="worker-tasks"),
    path(T, api.WorkerTaskDetailApi.as_view(), name="worker-task"),
    path(T + "accept/", api.WorkerTaskAcceptApi.as_view(), name="worker-task-accept"),
    path(T + "decline/", api.WorkerTaskDeclineApi.as_view(), name="worker-task-decline"),
    path(T + "depart/", api.WorkerTaskDepartApi.as_view(), name="worker-task-depart"),
    path(T + "arrive/", api.WorkerTaskArriveApi.as_view(), name="worker-task-arrive"),
    path(T + "customer-not-there/", api.WorkerTaskCustomerNotThereApi.as_view(), name="worker-task-customer-not-there"),
    path(T + "start/", api.WorkerTaskStartApi.as_view(), name="worker-task-start"),
    path(T + "complete/", api.WorkerTaskCompleteApi.as_view(), name="worker-task-complete"),
    path(T + "reschedule/", api.WorkerTaskRescheduleApi.as_view(), name="worker-task-reschedule"),
    path(T + "reschedule-requests/<str:request_id>/approve/", api.WorkerRescheduleApproveApi.as_view(),
         name="worker-task-reschedule-approve"),
    path(T + "reschedule-requests/<str:request_id>/decline/", api.WorkerRescheduleDeclineApi.as_view(),
         name="worker-task-reschedule-decline"),
]
