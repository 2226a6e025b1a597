"""Pages of the shared worker app (an installable PWA) on the platform host (/worker/)."""
from django.urls import path

from shared_apps.accounts.views import login_urls
from shared_apps.notifications import views as notifications
from tenant_apps.orders.views import worker as tasks

from . import views

app_name = "worker"
T = "tasks/<str:company_id>/<str:order_id>/"
urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", views.profile, name="profile"),
    path("invitations/<str:company_id>/<str:invitation_id>/accept/", views.invitation_accept,
         name="invitation-accept"),
    path("invitations/<str:company_id>/<str:invitation_id>/decline/", views.invitation_decline,
         name="invitation-decline"),
    path("tasks/", tasks.tasks, name="tasks"),
    path(T, tasks.task_detail, name="task"),
    path(T + "accept/", tasks.task_accept, name="task-accept"),
    path(T + "decline/", tasks.task_decline, name="task-decline"),
    path(T + "depart/", tasks.task_depart, name="task-depart"),
    path(T + "arrive/", tasks.task_arrive, name="task-arrive"),
    path(T + "start/", tasks.task_start, name="task-start"),
    path(T + "complete/", tasks.task_complete, name="task-complete"),
    path(T + "reschedule/", tasks.task_reschedule, name="task-reschedule"),
    path(T + "reschedule/<str:request_id>/approve/", tasks.task_reschedule_approve, name="task-reschedule-approve"),
    path(T + "reschedule/<str:request_id>/decline/", tasks.task_reschedule_decline, name="task-reschedule-decline"),
    path("notifications/", notifications.worker_inbox, name="notifications"),
    path("notifications/<str:notification_id>/read/", notifications.worker_read, name="notification-read"),
    path("offline/", views.offline, name="offline"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service-worker"),
    *login_urls(views.WORKER),
]
