"""The console's qualification review queue (mounted under /console/ by console.urls): documents in
SLA order; approve, or reject with a reason code that a second operator confirms. And the disputes
of background checks: re-check, mark as pass with a note, or not uphold."""
from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.console.access import operator_required
from shared_apps.core.errors import DomainError
from shared_apps.core.private_files import private_file_url

from .background_checks import decide_dispute
from .forms import DisputeDecisionForm, RejectionForm
from .selectors import open_disputes, review_queue
from .services import approve_credential, confirm_rejection, propose_rejection, withdraw_rejection

QUEUE_LIMIT = 100


@operator_required
def queue(request):
    rows = [{"c": c, "files": [private_file_url(f.file.name) for f in c.files.all()]}
            for c in review_queue()[:QUEUE_LIMIT]]
    return render(request, "console/credentials.html", {"rows": rows, "rejection_form": RejectionForm()})


def _id(value) -> int:
    return int(value) if str(value).isdigit() else 0


def _act(request, action, done: str):
    try:
        action()
    except DomainError as error:
        messages.error(request, next((str(m[0]) for m in error.fields.values() if m), error.message))
    else:
        messages.success(request, done)
    return redirect("console:credentials")


@require_POST
@operator_required
def approve(request, credential_id):
    return _act(request, lambda: approve_credential(actor=request.user, credential_id=_id(credential_id)),
                _("Approved."))


@require_POST
@operator_required
def reject(request, credential_id):
    form = RejectionForm(request.POST)
    code = form.cleaned_data["reason_code"] if form.is_valid() else ""
    note = form.cleaned_data.get("note", "") if form.is_valid() else ""
    return _act(request, lambda: propose_rejection(actor=request.user, credential_id=_id(credential_id),
                                                   reason_code=code, note=note),
                _("Rejection proposed: another operator must confirm it."))


@require_POST
@operator_required
def confirm(request, credential_id):
    return _act(request, lambda: confirm_rejection(actor=request.user, credential_id=_id(credential_id)),
                _("Rejection confirmed."))


@require_POST
@operator_required
def withdraw(request, credential_id):
    return _act(request, lambda: withdraw_rejection(actor=request.user, credential_id=_id(credential_id)),
                _("Rejection proposal withdrawn."))


@operator_required
def disputes(request):
    return render(request, "console/background_checks.html", {"disputes": list(open_disputes()[:QUEUE_LIMIT])})


@require_POST
@operator_required
def decide(request, dispute_id):
    form = DisputeDecisionForm(request.POST)
    decision = form.cleaned_data["decision"] if form.is_valid() else ""
    note = form.cleaned_data.get("note", "") if form.is_valid() else ""
    done = {"recheck": _("A new check was asked of the worker."), "pass": _("Marked as pass."),
            "reject": _("Dispute not upheld.")}.get(decision, "")
    try:
        decide_dispute(actor=request.user, dispute_id=_id(dispute_id), decision=decision, note=note)
    except DomainError as error:
        messages.error(request, next((str(m[0]) for m in error.fields.values() if m), error.message))
    else:
        messages.success(request, done)
    return redirect("console:background-checks")
