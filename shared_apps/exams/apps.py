from django.apps import AppConfig


class ExamsConfig(AppConfig):
    """Exams and the certificates they earn. Public schema: a certificate is the worker's across
    companies. An exam with company_id is that company's (only its workers take it); without, it is a
    platform exam for everyone. Rows name a company by id only, never by a key into its schema."""

    name = "shared_apps.exams"
    label = "exams"
