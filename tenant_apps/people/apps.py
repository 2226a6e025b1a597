from django.apps import AppConfig


class PeopleConfig(AppConfig):
    """A company's staff (roles) and customers. Company schema."""

    name = "tenant_apps.people"
    label = "people"
