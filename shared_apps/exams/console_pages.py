"""The console's exam authoring (mounted under /console/ by console.urls): exams, their question
bank, and how each question did (difficulty and discrimination)."""
from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.console.access import operator_required
from shared_apps.core.errors import DomainError
from shared_apps.core.forms import show_domain_error
from tenants.selectors import companies

from .forms import ExamForm, QuestionForm
from .selectors import exams_for_authors, get_exam_for_author, question_analysis
from .services import add_question, create_exam


def _list(request, form=None, status=200):
    names = dict(companies().values_list("pk", "name"))
    rows = [{"exam": exam, "company": names.get(exam.company_id)} for exam in exams_for_authors()]
    return render(request, "console/exams.html", {"rows": rows, "form": form or ExamForm()}, status=status)


@operator_required
def exams(request):
    return _list(request)


@require_POST
@operator_required
def exam_create(request):
    form = ExamForm(request.POST)
    if form.is_valid():
        try:
            exam = create_exam(actor=request.user, data=form.to_input())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Exam created: now add its questions."))
            return redirect("console:exam", exam.pk)
    return _list(request, form=form, status=400)


def _detail(request, exam_id, form=None, status=200):
    exam = get_exam_for_author(exam_id)
    stats = question_analysis(exam)
    questions = [{"q": q, "stats": stats.get(q.pk)} for q in exam.questions.all()]
    return render(request, "console/exam.html", {"exam": exam, "questions": questions,
                                                 "form": form or QuestionForm()}, status=status)


@operator_required
def exam(request, exam_id):
    return _detail(request, exam_id)


@require_POST
@operator_required
def question_create(request, exam_id):
    exam = get_exam_for_author(exam_id)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            add_question(actor=request.user, exam_id=exam.pk, data=form.to_input())
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Question added."))
            return redirect("console:exam", exam.pk)
    return _detail(request, exam.pk, form=form, status=400)
