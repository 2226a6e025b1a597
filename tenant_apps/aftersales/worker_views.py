"""The worker app's page of problems reported about their visits (platform host, every company they
work for): what was reported and the notes the office wrote for the worker's side, never the
customer's or the office's own."""
from __future__ import annotations

from django.shortcuts import render
from django_tenants.utils import tenant_context

from shared_apps.accounts.access import signed_in
from tenant_apps.orders.selectors import worker_profile_of_user
from tenants.selectors import companies_of_worker

from .selectors import cases_of_worker


@signed_in("worker:login")
def worker_problems(request):
    found = []
    for company in companies_of_worker(request.user).order_by("pk"):
        with tenant_context(company):
            for case in cases_of_worker(worker_profile_of_user(request.user)):
                found.append({"company": company, "case": case, "notes": case.worker_notes})
    return render(request, "aftersales/worker_problems.html", {"rows": found})
