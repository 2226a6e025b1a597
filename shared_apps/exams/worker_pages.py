"""The worker app's exams: the exams open to the worker, taking one (the server keeps the draw and
the deadline), the result, certificates and skill levels (mounted under /worker/ by workerapp.urls)."""
from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.accounts.access import signed_in
from shared_apps.core.errors import DomainError
from tenants.selectors import companies_of_worker

from .selectors import attempts_of, certificates_of, exams_for_worker, get_attempt_for_worker, skill_levels
from .services import save_answers, start_attempt, submit_attempt


@signed_in("worker:login")
def exams(request):
    attempts: dict[int, list] = {}
    for attempt in attempts_of(request.user):
        attempts.setdefault(attempt.exam_id, []).append(attempt)
    names = dict(companies_of_worker(request.user).values_list("pk", "name"))
    rows = []
    for exam in exams_for_worker(request.user):
        mine = attempts.get(exam.pk, [])
        rows.append({"exam": exam, "company": names.get(exam.company_id), "used": len(mine),
                     "open": next((a for a in mine if a.is_open), None),
                     "passed": any(a.passed for a in mine)})
    return render(request, "worker/exams.html", {
        "rows": rows, "certificates": certificates_of(request.user), "levels": skill_levels(request.user)})


@require_POST
@signed_in("worker:login")
def exam_start(request, exam_id):
    try:
        attempt = start_attempt(actor=request.user, exam_id=exam_id)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("worker:exams")
    return redirect("worker:exam-attempt", attempt.pk)


@signed_in("worker:login")
def exam_attempt(request, attempt_id):
    attempt = get_attempt_for_worker(request.user, attempt_id)
    seconds_left = max(0, int((attempt.deadline - timezone.now()).total_seconds())) if attempt.is_open else 0
    return render(request, "worker/exam_attempt.html", {
        "attempt": attempt, "exam": attempt.exam, "answers": list(attempt.answers.all()),
        "seconds_left": seconds_left, "certificate": getattr(attempt, "certificate", None)
        if attempt.passed else None})


def _answers(post) -> dict[int, list[int]]:
    answers: dict[int, list[int]] = {}
    for key in post:
        if key.startswith("q-") and key[2:].isdigit():
            answers[int(key[2:])] = [int(v) for v in post.getlist(key) if v.isdigit()]
    return answers


@require_POST
@signed_in("worker:login")
def exam_answer(request, attempt_id):
    attempt = get_attempt_for_worker(request.user, attempt_id)
    answers = _answers(request.POST)
    try:
        if request.POST.get("action") == "save":
            save_answers(actor=request.user, attempt_id=attempt.pk, answers=answers)
            messages.success(request, _("Answers saved."))
        else:
            attempt = submit_attempt(actor=request.user, attempt_id=attempt.pk, answers=answers)
            messages.success(request, _("Submitted."))
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("worker:exam-attempt", attempt.pk)
