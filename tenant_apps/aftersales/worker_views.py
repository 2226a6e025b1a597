"""The worker app's page of problems reported about their visits (platform host, every company they
work for): what was reported, the notes the office wrote for the worker's side (never the
customer's or the office's own), and the worker's own notes, which the office reads too."""
from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tenants.utils import tenant_context

from shared_apps.accounts.access import signed_in
from shared_apps.core.api import parse_id
from shared_apps.core.errors import DomainError, NotFound
from tenant_apps.orders.selectors import worker_profile_of_user
from tenants.selectors import companies_of_worker

from .forms import CustomerNoteForm
from .machine import Side
from .selectors import cases_of_worker
from .services import mediation

LOGIN = "worker:login"


@signed_in(LOGIN)
def worker_problems(request):
    found = []
    for company in companies_of_worker(request.user).order_by("pk"):
        with tenant_context(company):
            for case in cases_of_worker(worker_profile_of_user(request.user)):
                found.append({"company": company, "case": case, "notes": case.worker_notes})
    return render(request, "aftersales/worker_problems.html", {"rows": found})


@require_POST
@signed_in(LOGIN)
def worker_note(request, company_id, case_id):
    """The worker's note on a case about their own visit (the office reads it; the customer does not)."""
    pk = parse_id(company_id)
    company = companies_of_worker(request.user).filter(pk=pk).first() if pk is not None else None
    if company is None:
        raise NotFound("case")
    form = CustomerNoteForm(request.POST)
    with tenant_context(company):
        case_pk = parse_id(case_id)
        case = next((c for c in cases_of_worker(worker_profile_of_user(request.user)) if c.pk == case_pk), None)
        if case is None:
            raise NotFound("case")
        if not form.is_valid():
            messages.error(request, _("Write the note."))
        else:
            try:
                mediation.add_note(actor=request.user, case=case, side=Side.WORKER, text=form.cleaned_data["text"])
            except DomainError as error:
                if error.status == 404:
                    raise
                messages.error(request, error.message)
            else:
                messages.success(request, _("Your note is sent to the office."))
    return redirect("worker:problems")
