"""Courses, their lessons in order, and each worker's progress per lesson."""
from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shared_apps.core.storage import PrivateStorage


@deconstructible
class LessonUploadPath:
    """upload_to of lesson files: courses/<course id>/<random>.<ext> in private storage."""

    def __call__(self, instance, filename: str) -> str:
        suffix = PurePosixPath(filename).suffix.lower()[:10]
        return f"courses/{instance.course_id}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other) -> bool:
        return isinstance(other, LessonUploadPath)


class LessonKind(models.TextChoices):
    VIDEO = "video", _("Video")
    DOCUMENT = "document", pgettext_lazy("kind of lesson", "Document")
    CASE_STUDY = "case_study", _("Case study")
    NEWS = "news", _("News")


class Course(models.Model):
    """company_id null: a platform course for every worker; else only that company's workers."""

    title = models.CharField(max_length=120)
    summary = models.TextField(blank=True)
    company_id = models.BigIntegerField(null=True, blank=True)
    is_open = models.BooleanField(default=True, help_text="Workers can see it.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class Lesson(models.Model):
    """A step of a course; `position` orders them (1, 2, ...). The file, if any, is private: shown
    through a signed, expiring link."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=LessonKind.choices)
    title = models.CharField(max_length=120)
    text = models.TextField(blank=True)
    file = models.FileField(upload_to=LessonUploadPath(), storage=PrivateStorage(), max_length=200,
                            blank=True)
    content_type = models.CharField(max_length=60, blank=True)
    size = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["course_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["course", "position"], name="lesson_position_unique")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_video(self) -> bool:
        return self.content_type.startswith("video/")


class LessonProgress(models.Model):
    """One worker on one lesson: done or not, and how far into the video (seconds; only grows)."""

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    worker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    position_seconds = models.PositiveIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["lesson_id", "id"]
        constraints = [models.UniqueConstraint(fields=["lesson", "worker"], name="lesson_progress_once")]

    def __str__(self) -> str:
        return f"{self.worker_id} on {self.lesson_id}"
