"""Pages of the operator console on the platform host (/console/)."""
from django.urls import path

from shared_apps.accounts.login import login_urls
from shared_apps.courses import console_pages as courses
from shared_apps.credentials import console_pages as credentials
from shared_apps.exams import console_pages as exams

from . import views

app_name = "console"
urlpatterns = [
    path("", views.home, name="home"),
    path("companies/<str:company_id>/status/", views.company_status, name="company-status"),
    path("users/", views.users, name="users"),
    path("escalations/", views.escalations, name="escalations"),
    path("quality/", views.quality, name="quality"),
    path("users/<str:user_id>/status/", views.user_status, name="user-status"),
    path("credentials/", credentials.queue, name="credentials"),
    path("credentials/<str:credential_id>/approve/", credentials.approve, name="credential-approve"),
    path("credentials/<str:credential_id>/reject/", credentials.reject, name="credential-reject"),
    path("credentials/<str:credential_id>/confirm/", credentials.confirm, name="credential-confirm"),
    path("credentials/<str:credential_id>/withdraw/", credentials.withdraw, name="credential-withdraw"),
    path("background-checks/", credentials.disputes, name="background-checks"),
    path("background-checks/disputes/<str:dispute_id>/decide/", credentials.decide, name="background-check-decide"),
    path("courses/", courses.courses, name="courses"),
    path("courses/new/", courses.course_create, name="course-create"),
    path("courses/<str:course_id>/", courses.course, name="course"),
    path("courses/<str:course_id>/lessons/new/", courses.lesson_create, name="course-lesson-create"),
    path("exams/", exams.exams, name="exams"),
    path("exams/new/", exams.exam_create, name="exam-create"),
    path("exams/<str:exam_id>/", exams.exam, name="exam"),
    path("exams/<str:exam_id>/questions/new/", exams.question_create, name="exam-question-create"),
    *login_urls(views.CONSOLE),
]
