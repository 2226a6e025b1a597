"""Pages of the shared worker app (an installable PWA) on the platform host (/worker/)."""
from django.urls import path

from shared_apps.accounts.views import login_urls

from . import views

app_name = "worker"
urlpatterns = [
    path("", views.home, name="home"),
    path("profile/", views.profile, name="profile"),
    path("offline/", views.offline, name="offline"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service-worker"),
    *login_urls(views.WORKER),
]
