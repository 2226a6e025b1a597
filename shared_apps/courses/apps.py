from django.apps import AppConfig


class CoursesConfig(AppConfig):
    """Training courses: lessons (video, document, case study, news) and each worker's progress.
    Public schema, like exams: a course with company_id is that company's (only its active workers
    see it); without, a platform course for every worker. Company by id only."""

    name = "shared_apps.courses"
    label = "courses"
