"""Actions on courses: operators author courses and lessons (with a private file); a worker's
progress per lesson (the video position only grows; done is set or cleared by the worker)."""
from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.changes.services import record_change
from shared_apps.core.errors import NotFound, PermissionDenied, ValidationFailed

from .locks import lock_course
from .models import Course, Lesson, LessonKind, LessonProgress
from .selectors import get_lesson_for_worker

# A resume position past this is a broken or hostile client, not a real video (24 hours).
MAX_POSITION_SECONDS = 24 * 3600


@dataclass(frozen=True)
class LessonFile:
    """An uploaded file already checked from its bytes (forms.clean_lesson_file)."""

    data: bytes
    content_type: str
    suffix: str


@dataclass(frozen=True)
class CourseInput:
    title: str
    summary: str = ""
    company_id: int | None = None


@dataclass(frozen=True)
class LessonInput:
    kind: str
    title: str
    text: str = ""
    file: LessonFile | None = None


def _operator(actor) -> None:
    if not getattr(actor, "is_platform_operator", False):
        raise PermissionDenied()


def create_course(*, actor, data: CourseInput) -> Course:
    _operator(actor)
    if not data.title.strip():
        raise ValidationFailed({"title": [_("Give the course a title.")]})
    with transaction.atomic():
        course = Course.objects.create(title=data.title.strip(), summary=data.summary.strip(),
                                       company_id=data.company_id, created_by=actor)
        record_change(actor=actor, action="course.created", target_id=course.pk,
                      data={"title": course.title, "company_id": course.company_id})
    return course


def add_lesson(*, actor, course_id: int, data: LessonInput) -> Lesson:
    """The next lesson of the course. A video lesson needs a video file; a file of another kind of
    lesson must be a PDF."""
    _operator(actor)
    errors: dict[str, list[str]] = {}
    if data.kind not in LessonKind.values:
        errors["kind"] = [_("Unknown kind of lesson.")]
    if not data.title.strip():
        errors["title"] = [_("Give the lesson a title.")]
    is_video_file = data.file is not None and data.file.content_type.startswith("video/")
    if data.kind == LessonKind.VIDEO and not is_video_file:
        errors["file"] = [_("A video lesson needs an MP4 or WebM video.")]
    elif data.kind != LessonKind.VIDEO and is_video_file:
        errors["file"] = [_("Only a video lesson takes a video; attach a PDF here.")]
    if not data.text.strip() and data.file is None and "file" not in errors:
        errors["text"] = [_("Write the lesson or attach a file.")]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        course = lock_course(course_id)
        if course is None:
            raise NotFound(_("course"))
        last = course.lessons.aggregate(last=Max("position"))["last"] or 0
        lesson = Lesson(course=course, position=last + 1, kind=data.kind, title=data.title.strip(),
                        text=data.text.strip())
        if data.file is not None:
            lesson.file.save(f"lesson{data.file.suffix}", ContentFile(data.file.data), save=False)
            lesson.content_type, lesson.size = data.file.content_type, len(data.file.data)
        lesson.save()
        record_change(actor=actor, action="course.lesson_added", target_id=lesson.pk,
                      data={"course_id": course.pk, "kind": lesson.kind, "title": lesson.title})
    return lesson


def save_position(*, actor, course_id: int, lesson_id: int, seconds: int) -> LessonProgress:
    """Keep the furthest point the worker reached in the lesson's video (a later, smaller position,
    from another tab or a replay, never moves it back). Frequent and harmless, so not in the change
    log."""
    lesson = get_lesson_for_worker(actor, course_id, lesson_id)
    if not lesson.is_video:
        raise ValidationFailed({"position": [_("This lesson has no video.")]})
    if not 0 <= seconds <= MAX_POSITION_SECONDS:
        raise ValidationFailed({"position": [_("Not a position in the video.")]})
    progress, _created = LessonProgress.objects.get_or_create(lesson=lesson, worker=actor)
    LessonProgress.objects.filter(pk=progress.pk).update(
        position_seconds=Greatest("position_seconds", seconds), updated_at=timezone.now())
    progress.refresh_from_db()
    return progress


def mark_done(*, actor, course_id: int, lesson_id: int, done: bool = True) -> LessonProgress:
    lesson = get_lesson_for_worker(actor, course_id, lesson_id)
    with transaction.atomic():
        progress, _created = LessonProgress.objects.get_or_create(lesson=lesson, worker=actor)
        if done and progress.done_at is None:
            progress.done_at = timezone.now()
        elif not done:
            progress.done_at = None
        progress.save(update_fields=["done_at", "updated_at"])
        record_change(actor=actor, action="course.lesson_done" if done else "course.lesson_undone",
                      target_id=lesson.pk, data={"course_id": lesson.course_id})
    return progress
