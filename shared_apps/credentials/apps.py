from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    """A worker's credentials (ID card, health certificate, skill certificates, insurance), owned by
    the worker and shared with companies by consent. Public schema: one identity across companies;
    rows name a company by id only, never by a key into its schema."""

    name = "shared_apps.credentials"
    label = "credentials"
