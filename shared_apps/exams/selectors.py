"""Reads of exams, scoped to who asks: a worker (the exams open to them, their attempts and
certificates), an author (the bank and its per-question analysis), anyone (a certificate by code)."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from shared_apps.core.errors import NotFound
from tenants.selectors import companies_of_worker

from .models import Attempt, AttemptAnswer, Certificate, Choice, Exam, Question


def _company_ids(worker) -> list[int]:
    return list(companies_of_worker(worker).values_list("pk", flat=True))


def exams_for_worker(worker) -> QuerySet[Exam]:
    """Open platform exams, and open exams of the companies the worker does jobs for."""
    return Exam.objects.filter(is_open=True).filter(
        Q(company_id__isnull=True) | Q(company_id__in=_company_ids(worker)))


def can_take(worker, exam: Exam) -> bool:
    return exam.is_open and (exam.company_id is None or exam.company_id in _company_ids(worker))


def get_exam_for_worker(worker, exam_id) -> Exam:
    exam = exams_for_worker(worker).filter(pk=exam_id).first() if str(exam_id).isdigit() else None
    if exam is None:
        raise NotFound(_("exam"))
    return exam


def attempts_of(worker) -> QuerySet[Attempt]:
    return Attempt.objects.filter(worker=worker).select_related("exam")


def get_attempt_for_worker(worker, attempt_id) -> Attempt:
    """The worker's attempt with its drawn questions and their choices (never which are right)."""
    choices = Choice.objects.only("id", "question_id", "text")
    answers = AttemptAnswer.objects.select_related("question").prefetch_related(
        Prefetch("question__choices", queryset=choices))
    attempt = (attempts_of(worker).prefetch_related(Prefetch("answers", queryset=answers))
               .filter(pk=attempt_id).first() if str(attempt_id).isdigit() else None)
    if attempt is None:
        raise NotFound(_("attempt"))
    return attempt


def certificates_of(worker) -> QuerySet[Certificate]:
    return Certificate.objects.filter(worker=worker).select_related("exam")


def certificate_by_code(code: str) -> Certificate:
    certificate = (Certificate.objects.select_related("exam", "worker").filter(code=code.strip().upper()).first()
                   if code and len(code) <= 20 else None)
    if certificate is None:
        raise NotFound(_("certificate"))
    return certificate


def skill_levels(worker) -> dict[str, int]:
    """skill -> the highest level of the worker's valid certificates: passing a harder exam of the
    same skill raises it."""
    levels: dict[str, int] = {}
    for skill, level in certificates_of(worker).filter(revoked_at__isnull=True).values_list("skill", "level"):
        levels[skill] = max(level, levels.get(skill, 0))
    return dict(sorted(levels.items()))


def exams_for_authors() -> QuerySet[Exam]:
    return Exam.objects.all()


def get_exam_for_author(exam_id) -> Exam:
    exam = (Exam.objects.prefetch_related(Prefetch("questions", queryset=Question.objects.prefetch_related("choices")))
            .filter(pk=exam_id).first() if str(exam_id).isdigit() else None)
    if exam is None:
        raise NotFound(_("exam"))
    return exam


@dataclass(frozen=True)
class QuestionStats:
    question_id: int
    answered: int
    difficulty: float | None  # share of answers that were right (1.0: everyone got it)
    discrimination: float | None  # share right in the top third minus the bottom third, by score


def question_analysis(exam: Exam) -> dict[int, QuestionStats]:
    """Per question, over submitted attempts: difficulty (share correct) and discrimination (top
    third of attempts by score minus bottom third). Two queries."""
    attempts = list(Attempt.objects.filter(exam=exam, submitted_at__isnull=False)
                    .order_by("-score_percent", "id").values_list("id", flat=True))
    third = len(attempts) // 3
    top, bottom = set(attempts[:third]), set(attempts[len(attempts) - third:]) if third else set()
    per_question: dict[int, list[tuple[int, bool]]] = {}
    for attempt_id, question_id, correct in AttemptAnswer.objects.filter(
            attempt_id__in=attempts).values_list("attempt_id", "question_id", "is_correct"):
        per_question.setdefault(question_id, []).append((attempt_id, bool(correct)))
    stats = {}
    for question_id, rows in per_question.items():
        right = sum(correct for _a, correct in rows)
        top_rows = [correct for attempt_id, correct in rows if attempt_id in top]
        bottom_rows = [correct for attempt_id, correct in rows if attempt_id in bottom]
        discrimination = (sum(top_rows) / len(top_rows) - sum(bottom_rows) / len(bottom_rows)
                          if top_rows and bottom_rows else None)
        stats[question_id] = QuestionStats(question_id, len(rows), right / len(rows), discrimination)
    return stats
