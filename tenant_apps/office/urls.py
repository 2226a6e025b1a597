"""Pages of the company back office (company host, /office/)."""
from django.urls import path

from shared_apps.accounts.views import login_urls

from . import views

app_name = "office"
urlpatterns = [
    path("", views.home, name="home"),
    path("brand/", views.brand, name="brand"),
    path("staff/", views.staff, name="staff"),
    path("staff/add/", views.staff_add, name="staff-add"),
    path("staff/<str:member_id>/", views.staff_change, name="staff-change"),
    *login_urls(views.OFFICE),
]
