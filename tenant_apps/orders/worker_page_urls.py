"""The worker app's task pages on the platform host. config/urls_public.py mounts them under
/worker/ in the "worker" namespace, beside the worker app's own pages (shared_apps.workerapp.urls)."""
from django.urls import path

from .views import worker as tasks
from .views import worker_day

T = "tasks/<str:company_id>/<str:order_id>/"

urlpatterns = [
    path("day/", worker_day.worker_day, name="day"),
    path("day/home/<str:company_id>/", worker_day.worker_home_save, name="day-home"),
    path("tasks/", tasks.tasks, name="tasks"),
    path(T, tasks.task_detail, name="task"),
    path(T + "accept/", tasks.task_accept, name="task-accept"),
    path(T + "decline/", tasks.task_decline, name="task-decline"),
    path(T + "depart/", tasks.task_depart, name="task-depart"),
    path(T + "arrive/", tasks.task_arrive, name="task-arrive"),
    path(T + "customer-not-there/", tasks.task_customer_not_there, name="task-customer-not-there"),
    path(T + "start/", tasks.task_start, name="task-start"),
    path(T + "complete/", tasks.task_complete, name="task-complete"),
    path(T + "reschedule/", tasks.task_reschedule, name="task-reschedule"),
    path(T + "reschedule/<str:request_id>/approve/", tasks.task_reschedule_approve, name="task-reschedule-approve"),
    path(T + "reschedule/<str:request_id>/decline/", tasks.task_reschedule_decline, name="task-reschedule-decline"),
]
