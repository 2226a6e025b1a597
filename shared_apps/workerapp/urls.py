"""Pages of the shared worker app (an installable PWA) on the platform host (/worker/).

config/urls_public.py mounts these with the task pages (tenant_apps.orders.worker_page_urls) in one
"worker" namespace: a shared app never imports a tenant app."""
from django.urls import path

from shared_apps.accounts.login import login_urls
from shared_apps.courses import worker_pages as courses
from shared_apps.credentials import worker_pages as credentials
from shared_apps.exams import worker_pages as exams
from shared_apps.notifications import views as notifications

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", views.profile, name="profile"),
    path("invitations/<str:company_id>/<str:invitation_id>/accept/", views.invitation_accept,
         name="invitation-accept"),
    path("invitations/<str:company_id>/<str:invitation_id>/decline/", views.invitation_decline,
         name="invitation-decline"),
    path("notifications/", notifications.worker_inbox, name="notifications"),
    path("notifications/<str:notification_id>/read/", notifications.worker_read, name="notification-read"),
    path("credentials/", credentials.credentials, name="credentials"),
    path("credentials/new/", credentials.credential_submit, name="credential-submit"),
    path("credentials/<str:credential_id>/resubmit/", credentials.credential_resubmit, name="credential-resubmit"),
    path("credentials/<str:credential_id>/share/", credentials.credential_share, name="credential-share"),
    path("credentials/shares/<str:share_id>/revoke/", credentials.credential_unshare, name="credential-unshare"),
    path("credentials/background-check/", credentials.background_check_request, name="background-check-request"),
    path("credentials/background-check/<str:check_id>/dispute/", credentials.background_check_dispute,
         name="background-check-dispute"),
    path("courses/", courses.courses, name="courses"),
    path("courses/<str:course_id>/", courses.course, name="course"),
    path("courses/<str:course_id>/lessons/<str:lesson_id>/", courses.lesson, name="lesson"),
    path("courses/<str:course_id>/lessons/<str:lesson_id>/position/", courses.lesson_position,
         name="lesson-position"),
    path("courses/<str:course_id>/lessons/<str:lesson_id>/done/", courses.lesson_done, name="lesson-done"),
    path("exams/", exams.exams, name="exams"),
    path("exams/<str:exam_id>/start/", exams.exam_start, name="exam-start"),
    path("exams/attempts/<str:attempt_id>/", exams.exam_attempt, name="exam-attempt"),
    path("exams/attempts/<str:attempt_id>/answer/", exams.exam_answer, name="exam-answer"),
    path("offline/", views.offline, name="offline"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service-worker"),
    *login_urls(views.WORKER),
]
