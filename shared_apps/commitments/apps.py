from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    """One person's busy periods across every company they work for (public schema), so that a
    worker of two companies is never booked twice at the same time. Rows name their company's
    assignment as (company, local id), never by a key into a company schema, and carry nothing
    else about the job."""

    name = "shared_apps.commitments"
    label = "commitments"
