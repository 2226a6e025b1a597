"""Actions on exams: operators author exams and questions; a worker starts an attempt (the server
draws the questions and keeps the deadline), answers and submits; a pass issues a certificate; beat
submits attempts left open past their deadline."""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from shared_apps.changes.services import record_change
from shared_apps.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed

from .errors import ExamError
from .locks import lock_attempt, lock_exam_for_worker, lock_overdue_attempts
from .models import Attempt, AttemptAnswer, Certificate, Choice, Exam, Question, QuestionKind
from .selectors import can_take

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed by hand
_random = secrets.SystemRandom()


@dataclass(frozen=True)
class ExamInput:
    title: str
    skill: str
    level: int = 1
    company_id: int | None = None
    questions_per_attempt: int = 10
    time_limit_minutes: int = 30
    pass_mark: int = 60
    max_attempts: int = 3
    cooldown_hours: int = 24


@dataclass(frozen=True)
class QuestionInput:
    kind: str
    text: str
    choices: list[tuple[str, bool]]  # (text, is correct)


def _operator(actor) -> None:
    if not getattr(actor, "is_platform_operator", False):
        raise PermissionDenied()


def create_exam(*, actor, data: ExamInput) -> Exam:
    _operator(actor)
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = [_("Give the exam a title.")]
    if not data.skill.strip():
        errors["skill"] = [_("Name the skill the exam certifies.")]
    if not 1 <= data.pass_mark <= 100:
        errors["pass_mark"] = [_("The pass mark is a percentage between 1 and 100.")]
    if not 1 <= data.level <= 5:
        errors["level"] = [_("The level is between 1 and 5.")]
    for field in ("questions_per_attempt", "time_limit_minutes", "max_attempts"):
        if getattr(data, field) < 1:
            errors[field] = [_("At least 1.")]
    if data.cooldown_hours < 0:
        errors["cooldown_hours"] = [_("Zero or more hours.")]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        exam = Exam.objects.create(
            title=data.title.strip(), skill=data.skill.strip(), level=data.level, company_id=data.company_id,
            questions_per_attempt=data.questions_per_attempt, time_limit_minutes=data.time_limit_minutes,
            pass_mark=data.pass_mark, max_attempts=data.max_attempts, cooldown_hours=data.cooldown_hours,
            created_by=actor)
        record_change(actor=actor, action="exam.created", target_id=exam.pk,
                      data={"title": exam.title, "company_id": exam.company_id})
    return exam


def add_question(*, actor, exam_id: int, data: QuestionInput) -> Question:
    _operator(actor)
    exam = Exam.objects.filter(pk=exam_id).first()
    if exam is None:
        raise NotFound(_("exam"))
    choices = [(text.strip(), correct) for text, correct in data.choices if text.strip()]
    if data.kind == QuestionKind.TRUE_FALSE:
        truth = any(correct for _text, correct in choices[:1]) if choices else None
        # Kept in English (the source text) and shown in the reader's language by the templates.
        choices = [(gettext_noop("True"), truth is True), (gettext_noop("False"), truth is not True)]
    errors: dict[str, list[str]] = {}
    if data.kind not in QuestionKind.values:
        errors["kind"] = [_("Unknown kind of question.")]
    if not data.text.strip():
        errors["text"] = [_("Write the question.")]
    right = sum(1 for _text, correct in choices if correct)
    if data.kind != QuestionKind.TRUE_FALSE:
        if len(choices) < 2:
            errors["choices"] = [_("Give at least two choices.")]
        elif data.kind == QuestionKind.SINGLE and right != 1:
            errors["choices"] = [_("A single-choice question has exactly one right answer.")]
        elif right < 1:
            errors["choices"] = [_("Mark at least one right answer.")]
    if errors:
        raise ValidationFailed(errors)
    with transaction.atomic():
        question = Question.objects.create(exam=exam, kind=data.kind, text=data.text.strip())
        Choice.objects.bulk_create([Choice(question=question, text=text, is_correct=correct)
                                    for text, correct in choices])
        record_change(actor=actor, action="exam.question_added", target_id=question.pk, data={"exam": exam.pk})
    return question


def _new_code() -> str:
    while True:
        code = "".join(_random.choice(CODE_ALPHABET) for _i in range(12))
        if not Certificate.objects.filter(code=code).exists():
            return code


def _finish(actor, attempt: Attempt, *, auto: bool) -> Attempt:
    """Score a locked, open attempt: a question counts only if the picked choices are exactly the
    right ones (all or nothing, so guessing every box of a multiple choice earns nothing)."""
    answers = list(attempt.answers.all())
    right = {}
    for question_id, choice_id in Choice.objects.filter(
            question_id__in=[a.question_id for a in answers], is_correct=True).values_list("question_id", "id"):
        right.setdefault(question_id, set()).add(choice_id)
    correct = 0
    now = timezone.now()
    for answer in answers:
        answer.is_correct = set(answer.chosen) == right.get(answer.question_id, set())
        answer.updated_at = now  # bulk_update does not touch auto_now fields
        correct += answer.is_correct
    AttemptAnswer.objects.bulk_update(answers, ["is_correct", "updated_at"])
    exam = attempt.exam
    attempt.submitted_at = timezone.now()
    attempt.auto_submitted = auto
    attempt.correct_count = correct
    attempt.score_percent = round(100 * correct / len(answers)) if answers else 0
    # Compared exactly, not on the rounded percent: 59.5% is not a pass at 60%.
    attempt.passed = bool(answers) and 100 * correct >= exam.pass_mark * len(answers)
    attempt.save()
    record_change(actor=actor, action="exam.attempt_submitted", target_id=attempt.pk,
                  data={"exam": exam.pk, "score": attempt.score_percent, "passed": attempt.passed, "auto": auto})
    if attempt.passed:
        certificate = Certificate.objects.create(
            attempt=attempt, exam=exam, worker_id=attempt.worker_id, code=_new_code(), skill=exam.skill,
            level=exam.level, score_percent=attempt.score_percent)
        record_change(actor=actor, action="exam.certificate_issued", target_id=certificate.pk,
                      data={"exam": exam.pk, "worker": attempt.worker_id})
    return attempt


def start_attempt(*, actor, exam_id: int) -> Attempt:
    """Draw the questions and start the clock; an attempt already open is returned as it is. Every
    rule is checked on the locked exam, so two tabs cannot both start one."""
    with transaction.atomic():  # an attempt past its deadline is submitted, whatever follows
        exam = lock_exam_for_worker(actor, exam_id)
        if exam is None or not can_take(actor, exam):
            raise NotFound(_("exam"))
        for attempt_id in Attempt.objects.filter(exam=exam, worker=actor, submitted_at__isnull=True,
                                                 deadline__lte=timezone.now()).values_list("pk", flat=True):
            _finish(actor, lock_attempt(attempt_id), auto=True)
    with transaction.atomic():
        exam = lock_exam_for_worker(actor, exam_id)
        if exam is None or not can_take(actor, exam):
            raise NotFound(_("exam"))
        attempts = list(Attempt.objects.filter(exam=exam, worker=actor).order_by("-started_at", "-id"))
        now = timezone.now()
        for attempt in attempts:
            if attempt.is_open:
                return attempt
        if any(a.passed for a in attempts):
            raise DomainError(ExamError.ALREADY_PASSED, _("You have already passed this exam."), status=409)
        if len(attempts) >= exam.max_attempts:
            raise DomainError(ExamError.NO_ATTEMPTS_LEFT,
                              _("You have used all %(n)d attempts at this exam.") % {"n": exam.max_attempts},
                              status=409)
        if attempts and exam.cooldown_hours:
            next_at = attempts[0].ended_at + timedelta(hours=exam.cooldown_hours)
            if now < next_at:
                raise DomainError(ExamError.COOLING_DOWN,
                                  _("You can try again from %(when)s.")
                                  % {"when": timezone.localtime(next_at).strftime("%Y-%m-%d %H:%M")},
                                  status=409, extra={"next_attempt_at": next_at.isoformat()})
        bank = list(exam.questions.values_list("id", flat=True))
        if len(bank) < exam.questions_per_attempt:
            raise DomainError(ExamError.NOT_ENOUGH_QUESTIONS, _("This exam is not ready yet."), status=409)
        drawn = _random.sample(bank, exam.questions_per_attempt)
        attempt = Attempt.objects.create(exam=exam, worker=actor, started_at=now,
                                         deadline=now + timedelta(minutes=exam.time_limit_minutes))
        AttemptAnswer.objects.bulk_create([AttemptAnswer(attempt=attempt, worker=actor, question_id=question_id,
                                                         position=index)
                                           for index, question_id in enumerate(drawn, start=1)])
        record_change(actor=actor, action="exam.attempt_started", target_id=attempt.pk,
                      data={"exam": exam.pk, "questions": drawn})
    return attempt


def _open_attempt(actor, attempt_id: int) -> Attempt:
    """The worker's own attempt, locked (expects a transaction)."""
    attempt = lock_attempt(attempt_id)
    if attempt is None or attempt.worker_id != actor.pk:
        raise NotFound(_("attempt"))
    return attempt


def save_answers(*, actor, attempt_id: int, answers: dict[int, list[int]]) -> Attempt:
    """Keep the worker's picks (question id -> choice ids). After the deadline nothing is kept: the
    attempt is submitted with what was saved in time and TIME_UP is raised."""
    late = False
    with transaction.atomic():
        attempt = _open_attempt(actor, attempt_id)
        if not attempt.is_open:
            raise DomainError(ExamError.ATTEMPT_CLOSED, _("This attempt has already been submitted."), status=409)
        if attempt.is_past_deadline:
            _finish(actor, attempt, auto=True)
            late = True
        else:
            _store(attempt, answers)
    if late:
        raise DomainError(ExamError.TIME_UP, _("Time was up: answers sent after the deadline were not counted."),
                          status=409)
    return attempt


def _store(attempt: Attempt, answers: dict[int, list[int]]) -> None:
    rows = {a.question_id: a for a in attempt.answers.select_related("question")}
    valid = {}
    for question_id, choice_id in Choice.objects.filter(question_id__in=rows).values_list("question_id", "id"):
        valid.setdefault(question_id, set()).add(choice_id)
    changed = []
    for question_id, picked in answers.items():
        row = rows.get(question_id)
        if row is None:
            continue  # not drawn for this attempt: ignored, never scored
        chosen = sorted(set(picked) & valid.get(question_id, set()))
        if row.question.kind != QuestionKind.MULTIPLE:
            chosen = chosen[:1]
        row.chosen = chosen
        row.updated_at = timezone.now()
        changed.append(row)
    AttemptAnswer.objects.bulk_update(changed, ["chosen", "updated_at"])


def submit_attempt(*, actor, attempt_id: int, answers: dict[int, list[int]] | None = None) -> Attempt:
    """Save the last answers (refused after the deadline) and score the attempt."""
    late = False
    with transaction.atomic():
        attempt = _open_attempt(actor, attempt_id)
        if not attempt.is_open:
            raise DomainError(ExamError.ATTEMPT_CLOSED, _("This attempt has already been submitted."), status=409)
        late = attempt.is_past_deadline
        if answers and not late:
            _store(attempt, answers)
        _finish(actor, attempt, auto=late)
    if late and answers:
        raise DomainError(ExamError.TIME_UP, _("Time was up: answers sent after the deadline were not counted."),
                          status=409, extra={"attempt": attempt.pk})
    return attempt


def submit_overdue_attempts(*, actor) -> int:
    """Beat: submit every attempt left open past its deadline, with the answers saved in time."""
    done = 0
    with transaction.atomic():
        for attempt in lock_overdue_attempts(timezone.now()):
            _finish(actor, attempt, auto=True)
            done += 1
    return done
