"""Reads of courses, scoped to who asks: a worker (the courses open to them and their progress) or
an author (every course)."""
from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from shared_apps.core.errors import NotFound
from tenants.selectors import companies_of_worker

from .models import Course, Lesson, LessonProgress


def _company_ids(worker) -> list[int]:
    return list(companies_of_worker(worker).values_list("pk", flat=True))


def courses_for_worker(worker) -> QuerySet[Course]:
    """Open platform courses and open courses of the active companies the worker does jobs for, each
    with `lesson_count` and `done_count` (the worker's lessons done)."""
    return (Course.objects.filter(is_open=True)
            .filter(Q(company_id__isnull=True) | Q(company_id__in=_company_ids(worker)))
            .annotate(lesson_count=Count("lessons", distinct=True),
                      done_count=Count("lessons__progress", distinct=True,
                                       filter=Q(lessons__progress__worker=worker,
                                                lessons__progress__done_at__isnull=False))))


def get_course_for_worker(worker, course_id) -> Course:
    course = courses_for_worker(worker).filter(pk=course_id).first() if str(course_id).isdigit() else None
    if course is None:
        raise NotFound(_("course"))
    return course


def get_lesson_for_worker(worker, course_id, lesson_id) -> Lesson:
    course = get_course_for_worker(worker, course_id)
    lesson = course.lessons.filter(pk=lesson_id).first() if str(lesson_id).isdigit() else None
    if lesson is None:
        raise NotFound(_("lesson"))
    return lesson


def progress_of(worker, course: Course) -> dict[int, LessonProgress]:
    """lesson id -> the worker's progress row (lessons never opened have none)."""
    return {p.lesson_id: p for p in LessonProgress.objects.filter(worker=worker, lesson__course=course)}


def courses_for_authors() -> QuerySet[Course]:
    return Course.objects.annotate(lesson_count=Count("lessons"))


def get_course_for_author(course_id) -> Course:
    course = (Course.objects.prefetch_related("lessons").filter(pk=course_id).first()
              if str(course_id).isdigit() else None)
    if course is None:
        raise NotFound(_("course"))
    return course
