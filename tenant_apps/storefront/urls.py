"""Pages of a company's branded site (company host)."""
from django.urls import path

from shared_apps.accounts.views import login_urls

from . import views

app_name = "storefront"
urlpatterns = [
    path("", views.home, name="home"),
    path("account/", views.account, name="account"),
    *login_urls(views.STOREFRONT),
]
