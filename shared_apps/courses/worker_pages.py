"""The worker app's courses: the courses open to the worker with their progress, a course's lessons,
a lesson (its video resumes where the worker left it), and the small endpoints its script calls
(mounted under /worker/ by workerapp.urls)."""
from __future__ import annotations

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.accounts.access import signed_in
from shared_apps.core.errors import DomainError
from shared_apps.core.private_files import private_file_url
from tenants.selectors import companies_of_worker

from .selectors import courses_for_worker, get_course_for_worker, get_lesson_for_worker, progress_of
from .services import mark_done, save_position

# A lesson's file link outlives a long video watched with pauses: the player asks for more ranges
# with the same link as it plays and seeks.
LESSON_LINK_SECONDS = 4 * 3600


@signed_in("worker:login")
def courses(request):
    names = dict(companies_of_worker(request.user).values_list("pk", "name"))
    rows = [{"course": course, "company": names.get(course.company_id)}
            for course in courses_for_worker(request.user)]
    return render(request, "worker/courses.html", {"rows": rows})


@signed_in("worker:login")
def course(request, course_id):
    course = get_course_for_worker(request.user, course_id)
    progress = progress_of(request.user, course)
    lessons = [{"lesson": lesson, "progress": progress.get(lesson.pk)} for lesson in course.lessons.all()]
    return render(request, "worker/course.html", {"course": course, "lessons": lessons})


@signed_in("worker:login")
def lesson(request, course_id, lesson_id):
    lesson = get_lesson_for_worker(request.user, course_id, lesson_id)
    course = lesson.course
    progress = progress_of(request.user, course).get(lesson.pk)
    siblings = list(course.lessons.values_list("pk", flat=True))
    index = siblings.index(lesson.pk)
    return render(request, "worker/lesson.html", {
        "course": course, "lesson": lesson, "progress": progress,
        "file_url": private_file_url(lesson.file.name, seconds=LESSON_LINK_SECONDS) if lesson.file else None,
        "next_id": siblings[index + 1] if index + 1 < len(siblings) else None})


@require_POST
@signed_in("worker:login")
def lesson_position(request, course_id, lesson_id):
    """The lesson page's script: {"position_seconds": kept} or 400 with the field's message."""
    raw = request.POST.get("position", "")
    try:
        seconds = int(float(raw))
    except (TypeError, ValueError, OverflowError):
        return JsonResponse({"code": "invalid", "fields": {"position": [_("Not a position in the video.")]}},
                            status=400)
    try:
        progress = save_position(actor=request.user, course_id=course_id, lesson_id=lesson_id, seconds=seconds)
    except DomainError as error:
        return JsonResponse({"code": str(error.code), "message": error.message, "fields": error.fields},
                            status=error.status)
    return JsonResponse({"position_seconds": progress.position_seconds})


@require_POST
@signed_in("worker:login")
def lesson_done(request, course_id, lesson_id):
    done = request.POST.get("done", "1") != "0"
    try:
        mark_done(actor=request.user, course_id=course_id, lesson_id=lesson_id, done=done)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("worker:courses")
    messages.success(request, _("Lesson marked as done.") if done else _("Lesson marked as not done."))
    return redirect("worker:lesson", course_id, lesson_id)
