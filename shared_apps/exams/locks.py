"""Row locks of exams (public schema), in one order: exam, then attempt. Each expects a transaction."""
from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet

from .models import Attempt, Exam


def lock_exam_for_worker(worker, exam_id) -> Exam | None:
    """The open exam, locked: starting attempts at it is serialised per exam."""
    if not str(exam_id).isdigit():
        return None
    return Exam.objects.select_for_update().filter(pk=exam_id, is_open=True).first()


def lock_attempt(attempt_id) -> Attempt | None:
    if not str(attempt_id).isdigit():
        return None
    return Attempt.objects.select_for_update(of=("self",)).select_related("exam").filter(pk=attempt_id).first()


def lock_overdue_attempts(now: datetime) -> QuerySet[Attempt]:
    """Open attempts past their deadline, locked (skipping any a worker is submitting right now)."""
    return (Attempt.objects.select_for_update(of=("self",), skip_locked=True).select_related("exam")
            .filter(submitted_at__isnull=True, deadline__lte=now).order_by("pk"))
