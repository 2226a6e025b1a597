"""Quality pages. The worker's Score page on the platform host (/worker/score/): each company's credit
score with its components, what would raise it, sanctions and appeals. The office's Quality page on
the company host (/office/quality/): workers by score, sanctions issued, appeals to decide."""
from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tenants.utils import tenant_context

from shared_apps.accounts.access import signed_in
from shared_apps.core.api import parse_id
from shared_apps.core.errors import DomainError, NotFound
from shared_apps.core.forms import show_domain_error
from shared_apps.standing.selectors import platform_score_of
from tenant_apps.people.access import company_manager_required
from tenant_apps.workforce.credit import worker_id_of_user
from tenant_apps.workforce.models import WorkerProfile
from tenants.selectors import companies_of_worker

from .forms import AppealForm, DecisionForm, SanctionForm
from .selectors import (
    appeal_queue,
    get_appeal_for_office,
    get_sanction_of_worker,
    office_sanctions,
    quality_trends,
    sanctions_of_worker,
    score_card_of,
    worker_standings,
)
from .services.sanctions import APPEAL_HOURS, SanctionInput, appeal_sanction, decide_appeal, issue_sanction

WORKER_LOGIN = "worker:login"


def _score_page(request, *, forms: dict | None = None, status: int = 200):
    forms = forms or {}
    rows = []
    for company in companies_of_worker(request.user).order_by("pk"):
        with tenant_context(company):
            worker_id = worker_id_of_user(request.user)
            sanctions = [{"s": s, "appeal": getattr(s, "appeal", None),
                          "form": forms.get((company.pk, s.pk)) or AppealForm(prefix=f"a{company.pk}-{s.pk}")}
                         for s in (sanctions_of_worker(worker_id) if worker_id else [])]
            rows.append({"company": company, "card": score_card_of(request.user), "sanctions": sanctions})
    return render(request, "worker/score.html", {"rows": rows, "appeal_hours": APPEAL_HOURS,
                                                 "platform": platform_score_of(request.user)}, status=status)


@signed_in(WORKER_LOGIN)
def score(request):
    return _score_page(request)


@require_POST
@signed_in(WORKER_LOGIN)
def appeal(request, company_id, sanction_id):
    pk = parse_id(company_id)
    company = companies_of_worker(request.user).filter(pk=pk).first() if pk is not None else None
    if company is None:
        raise NotFound("company")
    with tenant_context(company):
        worker_id = worker_id_of_user(request.user)
        if worker_id is None:
            raise NotFound("company")
        sanction = get_sanction_of_worker(worker_id, sanction_id)
        form = AppealForm(request.POST, prefix=f"a{company.pk}-{sanction.pk}")
        if form.is_valid():
            try:
                appeal_sanction(actor=request.user, worker=WorkerProfile(pk=worker_id), sanction=sanction,
                                **form.cleaned_data)
            except DomainError as error:
                show_domain_error(form, error)
            else:
                messages.success(request, _("Appeal sent: %(company)s decides it within %(hours)d hours, and not "
                                            "by the person who issued the sanction.")
                                 % {"company": company.name, "hours": APPEAL_HOURS})
                return redirect("worker:score")
    return _score_page(request, forms={(company.pk, sanction.pk): form}, status=400)


# -- the office --------------------------------------------------------------------------------

def _office_page(request, *, sanction_form=None, decision_forms: dict | None = None, status: int = 200):
    decision_forms = decision_forms or {}
    workers = WorkerProfile.objects.select_related("staff_member").order_by("staff_member__display_name")
    trends = quality_trends(time_zone=request.tenant.time_zone)
    return render(request, "office/quality.html", {
        "trends": trends,
        "trend_tables": [(_("Worker"), trends["workers"], "worker"), (_("Service"), trends["services"], "service")],
        "standings": worker_standings(),
        "sanction_form": sanction_form or SanctionForm(workers=workers, prefix="s"),
        "appeals": [{"a": a, "form": decision_forms.get(a.pk) or DecisionForm(prefix=f"d{a.pk}"),
                     "own": a.sanction.issued_by_id == request.user.pk} for a in appeal_queue()[:100]],
        "sanctions": office_sanctions(),
        "now": timezone.now(),
    }, status=status)


@company_manager_required
def quality(request):
    return _office_page(request)


@require_POST
@company_manager_required
def sanction_issue(request):
    workers = WorkerProfile.objects.select_related("staff_member").order_by("staff_member__display_name")
    form = SanctionForm(request.POST, workers=workers, prefix="s")
    if form.is_valid():
        data = form.cleaned_data
        worker = workers.filter(pk=data.pop("worker")).first()
        try:
            issue_sanction(actor=request.user, worker=worker, sanction=SanctionInput(**data))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Sanction issued: %(worker)s sees it with its figures and can appeal.")
                             % {"worker": worker.staff_member.display_name})
            return redirect("office:quality")
    return _office_page(request, sanction_form=form, status=400)


@require_POST
@company_manager_required
def appeal_decide(request, appeal_id):
    found = get_appeal_for_office(appeal_id)
    form = DecisionForm(request.POST, prefix=f"d{found.pk}")
    if form.is_valid():
        try:
            decide_appeal(actor=request.user, appeal=found, **form.cleaned_data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            messages.success(request, _("Appeal decided; the worker is told."))
            return redirect("office:quality")
    return _office_page(request, decision_forms={found.pk: form}, status=400)
