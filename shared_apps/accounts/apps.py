from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """The one global identity (User), SMS codes and login history. Public schema."""

    name = "shared_apps.accounts"
    label = "accounts"
