"""Taking an exam: the draw, the server-side deadline, attempts and cool-down, scoring, certificates
(issue 18 point 6)."""
from datetime import timedelta

import pytest
from django.utils import timezone

from shared_apps.core.actor import SYSTEM
from shared_apps.core.errors import DomainError, NotFound
from shared_apps.exams.models import Attempt, Choice
from shared_apps.exams.services import (
    QuestionInput,
    add_question,
    save_answers,
    start_attempt,
    submit_attempt,
    submit_overdue_attempts,
)

from .support import make_exam, right_answers, wrong_answers


def _age(attempt, minutes):
    """Move an attempt's clock back, as if it had started `minutes` ago."""
    Attempt.objects.filter(pk=attempt.pk).update(started_at=attempt.started_at - timedelta(minutes=minutes),
                                                 deadline=attempt.deadline - timedelta(minutes=minutes))


def test_the_server_draws_questions_from_the_bank_and_keeps_the_deadline(people):
    exam = make_exam(people.operator, questions=5, per_attempt=3)
    attempt = start_attempt(actor=people.worker_a, exam_id=exam.pk)
    drawn = list(attempt.answers.values_list("question_id", flat=True))
    assert len(drawn) == 3 and len(set(drawn)) == 3
    assert set(drawn) <= set(exam.questions.values_list("id", flat=True))
    assert attempt.deadline == attempt.started_at + timedelta(minutes=20)
    assert start_attempt(actor=people.worker_a, exam_id=exam.pk).pk == attempt.pk  # the open one, not a new draw


def test_a_pass_issues_a_certificate_with_a_code_and_the_skill_level(people):
    exam = make_exam(people.operator)
    attempt = start_attempt(actor=people.worker_a, exam_id=exam.pk)
    attempt = submit_attempt(actor=people.worker_a, attempt_id=attempt.pk, answers=right_answers(attempt))
    assert attempt.passed and attempt.score_percent == 100
    certificate = attempt.certificate
    assert len(certificate.code) == 12 and certificate.skill == "Electrician" and certificate.level == 2


def test_a_fail_issues_no_certificate(people):
    exam = make_exam(people.operator)
    attempt = start_attempt(actor=people.worker_a, exam_id=exam.pk)
    attempt = submit_attempt(actor=people.worker_a, attempt_id=attempt.pk, answers=wrong_answers(attempt))
    assert attempt.passed is False and attempt.score_percent == 0
    assert not hasattr(attempt, "certificate") or attempt.certificate is None


def test_multiple_choice_is_all_or_nothing(people):
    exam = make_exam(people.operator, questions=0, per_attempt=1, pass_mark=100)
    question = add_question(actor=people.operator, exam_id=exam.pk, data=QuestionInput(
        kind="multiple", text="Which protect you from shock?",
        choices=[("Insulated gloves", True), ("Rubber boots", True), ("A wet cloth", False)]))
    gloves, boots, cloth = Choice.objects.filter(question=question).order_by("id")

    def score(picked):
        attempt = start_attempt(actor=people.worker_a, exam_id=exam.pk)
        return submit_attempt(actor=people.worker_a, attempt_id=attempt.pk, answers={question.pk: picked})

    exam.max_attempts, exam.cooldown_hours = 10, 0
    exam.save()
    assert score([gloves.pk]).correct_count == 0  # one of two right answers: nothing
    assert score([gloves.pk, boots.pk, cloth.pk]).correct_count == 0  # ticking every box: nothing
    assert score([gloves.pk, boots.pk]).correct_count == 1


def test_answers_after_the_deadline_are_refused_and_the_attempt_is_submitted(people):
    exam = make_exam(people.operator)
    attempt = start_attempt(actor=people.worker_a, exam_id=exam.pk)
    first = attempt.answers.first()
    save_answers(actor=people.worker_a, attempt_id=attempt.pk,
                 answers={first.question_id: right_answers(attempt)[first.question_id]})
    _age(attempt, 21)
    with pytest.raises(DomainError) as refused:
        submit_attempt(actor=people.worker_a, attempt_id=attempt.pk, answers=right_answers(attempt))
    assert refused.value.code == "exam_time_up"
    attempt.refresh_from_db()
    assert attempt.auto_submitted and attempt.correct_count == 1  # only what was saved in time
    assert attempt.passed is False


def test_beat_submits_attempts_left_open_past_their_deadline(people):
    exam = make_exam(people.operator)
    overdue = start_attempt(actor=people.worker_a, exam_id=exam.pk)
    running = start_attempt(actor=people.worker_b, exam_id=exam.pk)
    save_answers(actor=people.worker_a, attempt_id=overdue.pk, answers=right_answers(overdue))
    _age(overdue, 25)
    assert submit_overdue_attempts(actor=SYSTEM) == 1
    overdue.refresh_from_db()
    running.refresh_from_db()
    assert overdue.auto_submitted and overdue.passed and overdue.certificate.code
    assert running.submitted_at is None


def test_starting_again_after_the_deadline_submits_the_old_attempt_then_applies_the_cool_down(people):
    exam = make_exam(people.operator, cooldown_hours=2)
    attempt = start_attempt(actor=people.worker_a, exam_id=exam.pk)
    _age(attempt, 30)
    with pytest.raises(DomainError) as refused:
        start_attempt(actor=people.worker_a, exam_id=exam.pk)
    assert refused.value.code == "exam_cooling_down"
    attempt.refresh_from_db()
    assert attempt.auto_submitted and attempt.submitted_at is not None


def test_cool_down_and_attempts_limit_are_enforced(people):
    exam = make_exam(people.operator, max_attempts=2, cooldown_hours=24)
    first = start_attempt(actor=people.worker_a, exam_id=exam.pk)
    submit_attempt(actor=people.worker_a, attempt_id=first.pk, answers=wrong_answers(first))
    with pytest.raises(DomainError) as cooling:
        start_attempt(actor=people.worker_a, exam_id=exam.pk)
    assert cooling.value.code == "exam_cooling_down" and "You can try again from" in cooling.value.message
    Attempt.objects.filter(pk=first.pk).update(submitted_at=timezone.now() - timedelta(hours=25))
    second = start_attempt(actor=people.worker_a, exam_id=exam.pk)
    submit_attempt(actor=people.worker_a, attempt_id=second.pk, answers=wrong_answers(second))
    Attempt.objects.filter(pk=second.pk).update(submitted_at=timezone.now() - timedelta(hours=25))
    with pytest.raises(DomainError) as used_up:
        start_attempt(actor=people.worker_a, exam_id=exam.pk)
    assert used_up.value.code == "exam_no_attempts_left" and "all 2 attempts" in used_up.value.message


def test_a_company_exam_is_only_for_that_companys_workers(people):
    exam = make_exam(people.operator, company_id=people.company_b.pk)
    with pytest.raises(NotFound):
        start_attempt(actor=people.worker_a, exam_id=exam.pk)  # works for Alpha only
    assert start_attempt(actor=people.worker_b, exam_id=exam.pk).exam_id == exam.pk
    assert start_attempt(actor=people.shared_worker, exam_id=exam.pk).exam_id == exam.pk


def test_another_workers_attempt_cannot_be_answered(people):
    exam = make_exam(people.operator)
    attempt = start_attempt(actor=people.worker_a, exam_id=exam.pk)
    with pytest.raises(NotFound):
        submit_attempt(actor=people.worker_b, attempt_id=attempt.pk, answers=right_answers(attempt))


def test_only_operators_author_exams(people):
    from shared_apps.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        make_exam(people.worker_a)


def test_a_single_choice_question_needs_exactly_one_right_answer(people):
    from shared_apps.core.errors import ValidationFailed

    exam = make_exam(people.operator, questions=0, per_attempt=1)
    with pytest.raises(ValidationFailed) as refused:
        add_question(actor=people.operator, exam_id=exam.pk, data=QuestionInput(
            kind="single", text="Pick one", choices=[("A", True), ("B", True)]))
    assert "exactly one right answer" in refused.value.fields["choices"][0]


def test_the_beat_task_submits_overdue_attempts(people):
    from shared_apps.exams.tasks import submit_overdue_attempts as submit_overdue_attempts_task

    exam = make_exam(people.operator)
    attempt = start_attempt(actor=people.worker_a, exam_id=exam.pk)
    _age(attempt, 21)
    assert submit_overdue_attempts_task.apply().get() == 1
    attempt.refresh_from_db()
    assert attempt.auto_submitted and attempt.passed is False


def test_the_pass_mark_is_compared_exactly_not_on_the_rounded_percent(people):
    exam = make_exam(people.operator, questions=3, pass_mark=67)  # 2 of 3 is 66.7%, shown as 67
    attempt = start_attempt(actor=people.worker_a, exam_id=exam.pk)
    answers = right_answers(attempt)
    answers[next(iter(answers))] = []
    attempt = submit_attempt(actor=people.worker_a, attempt_id=attempt.pk, answers=answers)
    assert attempt.score_percent == 67 and attempt.passed is False
