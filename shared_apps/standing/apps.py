from django.apps import AppConfig


class StandingConfig(AppConfig):
    """A worker's platform-wide standing: one score per person across every company they work for,
    kept apart from each company's own score (tenant_apps.quality) so that one company's policy never
    decides a worker's standing elsewhere. Public schema."""

    name = "shared_apps.standing"
    label = "standing"
