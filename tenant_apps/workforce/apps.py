from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    """Workers (profiles: skills, level, services, home base), week templates, dated shifts and time
    off. Company schema."""

    name = "tenant_apps.workforce"
    label = "workforce"

    def ready(self) -> None:
        from tenant_apps.people.staff_changes import after_staff_change

        from .staff_steps import give_the_worker_role_a_profile, mirror_worker_affiliation

        after_staff_change(give_the_worker_role_a_profile)
        after_staff_change(mirror_worker_affiliation)
