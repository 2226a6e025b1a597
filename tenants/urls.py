"""Pages of the platform host: the landing page with company sign-up."""
from django.urls import path

from . import views

app_name = "platform"
urlpatterns = [
    path("", views.landing, name="landing"),
    path("signup/slug/", views.slug_check, name="slug-check"),
    path("welcome/", views.welcome, name="welcome"),
]
