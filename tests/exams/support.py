"""Helpers of the exam tests: an exam with a bank of questions, built through the services."""
from __future__ import annotations


def make_exam(operator, *, questions=3, per_attempt=None, company_id=None, **overrides):
    """An exam whose every question is single choice with the right answer 'Yes', plus one multiple
    choice question first if `multiple` is given."""
    from shared_apps.exams.services import ExamInput, QuestionInput, add_question, create_exam

    values = {"title": "Electrical safety", "skill": "Electrician", "level": 2, "company_id": company_id,
              "questions_per_attempt": per_attempt or questions, "time_limit_minutes": 20, "pass_mark": 60,
              "max_attempts": 2, "cooldown_hours": 24}
    values.update(overrides)
    exam = create_exam(actor=operator, data=ExamInput(**values))
    for n in range(questions):
        add_question(actor=operator, exam_id=exam.pk, data=QuestionInput(
            kind="single", text=f"Question {n + 1}: switch off the breaker first?",
            choices=[("Yes", True), ("No", False)]))
    return exam


def right_answers(attempt) -> dict[int, list[int]]:
    from shared_apps.exams.models import Choice

    answers: dict[int, list[int]] = {}
    for answer in attempt.answers.all():
        answers[answer.question_id] = list(Choice.objects.filter(question_id=answer.question_id, is_correct=True)
                                           .values_list("id", flat=True))
    return answers


def wrong_answers(attempt) -> dict[int, list[int]]:
    from shared_apps.exams.models import Choice

    return {a.question_id: list(Choice.objects.filter(question_id=a.question_id, is_correct=False)
                                .values_list("id", flat=True)[:1]) for a in attempt.answers.all()}
