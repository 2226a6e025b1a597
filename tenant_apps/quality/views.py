"""The worker's Score page on the platform host (/worker/score/): each company's credit score with
its components, what each rests on, and what would raise it."""
from __future__ import annotations

from django.shortcuts import render
from django_tenants.utils import tenant_context

from shared_apps.accounts.access import signed_in
from tenants.selectors import companies_of_worker

from .selectors import score_card_of

WORKER_LOGIN = "worker:login"


@signed_in(WORKER_LOGIN)
def score(request):
    rows = []
    for company in companies_of_worker(request.user).order_by("pk"):
        with tenant_context(company):
            rows.append({"company": company, "card": score_card_of(request.user)})
    return render(request, "worker/score.html", {"rows": rows})
