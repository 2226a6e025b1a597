"""Pages of the operator console on the platform host (/console/)."""
from django.urls import path

from shared_apps.accounts.login import login_urls

from . import views

app_name = "console"
urlpatterns = [
    path("", views.home, name="home"),
    path("companies/<str:company_id>/status/", views.company_status, name="company-status"),
    path("users/", views.users, name="users"),
    path("escalations/", views.escalations, name="escalations"),
    path("users/<str:user_id>/status/", views.user_status, name="user-status"),
    *login_urls(views.CONSOLE),
]
