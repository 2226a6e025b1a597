"""The console's course authoring (mounted under /console/ by console.urls): courses and their
lessons, with a video or PDF uploaded to private storage."""
from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.console.access import operator_required
from shared_apps.core.errors import DomainError
from shared_apps.core.forms import show_domain_error
from shared_apps.core.private_files import private_file_url
from tenants.selectors import companies

from .forms import CourseForm, LessonForm
from .selectors import courses_for_authors, get_course_for_author
from .services import add_lesson, create_course


def _list(request, form=None, status=200):
    names = dict(companies().values_list("pk", "name"))
    rows = [{"course": course, "company": names.get(course.company_id)} for course in courses_for_authors()]
    return render(request, "console/courses.html", {"rows": rows, "form": form or CourseForm()}, status=status)


@operator_required
def courses(request):
    return _list(request)


@require_POST
@operator_required
def course_create(request):
    form = CourseForm(request.POST)
    if form.is_valid():
        try:
            course = create_course(actor=request.user, data=form.to_input())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Course created: now add its lessons."))
            return redirect("console:course", course.pk)
    return _list(request, form=form, status=400)


def _detail(request, course_id, form=None, status=200):
    course = get_course_for_author(course_id)
    lessons = [{"lesson": lesson, "url": private_file_url(lesson.file.name) if lesson.file else None}
               for lesson in course.lessons.all()]
    return render(request, "console/course.html", {"course": course, "lessons": lessons,
                                                   "form": form or LessonForm()}, status=status)


@operator_required
def course(request, course_id):
    return _detail(request, course_id)


@require_POST
@operator_required
def lesson_create(request, course_id):
    course = get_course_for_author(course_id)
    form = LessonForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            add_lesson(actor=request.user, course_id=course.pk, data=form.to_input())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Lesson added."))
            return redirect("console:course", course.pk)
    return _detail(request, course.pk, form=form, status=400)
