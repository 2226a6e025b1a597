"""The worker app's "My credentials" page: upload, see the status and reason, resubmit, share with a
company or stop sharing, see which company looked; consent to a background check, follow it and
dispute its result (mounted under /worker/ by workerapp.urls)."""
from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.accounts.access import signed_in
from shared_apps.core.errors import DomainError
from shared_apps.core.private_files import private_file_url
from tenants.selectors import companies_of_worker

from .background_checks import CONSENT_TEXT, dispute_background_check, request_background_check
from .forms import BackgroundConsentForm, CredentialForm, DisputeForm, ShareForm
from .models import CheckResult, CheckStatus, CredentialStatus, DisputeStatus
from .selectors import background_checks_of, credentials_of, get_credential_for_worker, views_of, worker_badges
from .services import resubmit_credential, revoke_share, share_credential, submit_credential

CHECK_STEPS = (CheckStatus.REQUESTED, CheckStatus.IN_PROGRESS, CheckStatus.DONE)


def _background(user, *, consent_form=None, dispute_form=None) -> dict:
    """What the page shows of the worker's background checks: the latest one's progress, whether a
    new one can be asked for, and whether its result can be disputed."""
    checks = background_checks_of(user)
    latest = checks[0] if checks else None
    disputes = list(latest.disputes.all()) if latest else []
    open_dispute = next((d for d in disputes if d.status == DisputeStatus.OPEN), None)
    can_request = latest is None or latest.status == CheckStatus.AWAITING_CONSENT or (
        latest.status == CheckStatus.DONE and latest.result != CheckResult.PASS)
    steps = []
    if latest is not None and latest.status != CheckStatus.AWAITING_CONSENT:
        reached = CHECK_STEPS.index(latest.status)
        steps = [{"label": step.label, "done": i <= reached, "current": i == reached}
                 for i, step in enumerate(CHECK_STEPS)]
    return {"latest": latest, "steps": steps, "disputes": disputes, "consent_text": CONSENT_TEXT,
            "can_request": can_request and open_dispute is None,
            "can_dispute": latest is not None and latest.can_dispute and open_dispute is None
            and not any(d.status != DisputeStatus.REJECTED for d in disputes),
            "consent_form": consent_form or BackgroundConsentForm(), "dispute_form": dispute_form or DisputeForm(),
            "history": checks[1:]}


def _page(request, *, form=None, resubmit_id=None, resubmit_form=None, status=200, background=None):
    companies = list(companies_of_worker(request.user))
    rows = []
    for credential in credentials_of(request.user):
        shared = {share.company_id: share for share in credential.open_shares}
        rows.append({
            "c": credential,
            "files": [private_file_url(f.file.name) for f in credential.files.all()],
            "sharing": [{"company": company, "share": shared.get(company.pk)} for company in companies],
            "can_resubmit": credential.status in (CredentialStatus.REJECTED, CredentialStatus.EXPIRED),
            "form": resubmit_form if resubmit_id == credential.pk else None,
        })
    return render(request, "worker/credentials.html", {
        "rows": rows, "form": form or CredentialForm(), "views": views_of(request.user),
        "background": background or _background(request.user), "badges": worker_badges(request.user.pk),
    }, status=status)


def _apply_errors(form, error: DomainError) -> None:
    for field, field_messages in error.fields.items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)
    if not error.fields:
        form.add_error(None, error.message)


@signed_in("worker:login")
def credentials(request):
    return _page(request)


@require_POST
@signed_in("worker:login")
def credential_submit(request):
    form = CredentialForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            credential = submit_credential(actor=request.user, data=form.to_input())
        except DomainError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("%(document)s sent for review.") % {"document": credential.get_kind_display()})
            return redirect("worker:credentials")
    return _page(request, form=form, status=400)


@require_POST
@signed_in("worker:login")
def credential_resubmit(request, credential_id):
    credential = get_credential_for_worker(request.user, credential_id)
    post = request.POST.copy()
    post["kind"] = credential.kind
    form = CredentialForm(post, request.FILES, prefix=None)
    if form.is_valid():
        try:
            resubmit_credential(actor=request.user, credential_id=credential.pk, data=form.to_input())
        except DomainError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("%(document)s sent for review again.")
                             % {"document": credential.get_kind_display()})
            return redirect("worker:credentials")
    return _page(request, resubmit_id=credential.pk, resubmit_form=form, status=400)


@require_POST
@signed_in("worker:login")
def credential_share(request, credential_id):
    credential = get_credential_for_worker(request.user, credential_id)
    form = ShareForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("invalid", _("Choose a company you work for."))
        share_credential(actor=request.user, credential_id=credential.pk, company_id=form.cleaned_data["company"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Shared."))
    return redirect("worker:credentials")


@require_POST
@signed_in("worker:login")
def credential_unshare(request, share_id):
    try:
        revoke_share(actor=request.user, share_id=int(share_id) if str(share_id).isdigit() else 0)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("No longer shared."))
    return redirect("worker:credentials")


@require_POST
@signed_in("worker:login")
def background_check_request(request):
    form = BackgroundConsentForm(request.POST)
    consent = form.is_valid() and form.cleaned_data["consent"]
    try:
        request_background_check(actor=request.user, consent=consent)
    except DomainError as error:
        _apply_errors(form, error)
        return _page(request, status=400 if error.status == 400 else 409,
                     background=_background(request.user, consent_form=form))
    messages.success(request, _("Thank you: your background check is requested."))
    return redirect("worker:credentials")


@require_POST
@signed_in("worker:login")
def background_check_dispute(request, check_id):
    form = DisputeForm(request.POST)
    if form.is_valid():
        try:
            dispute_background_check(actor=request.user, check_id=int(check_id) if str(check_id).isdigit() else 0,
                                     statement=form.cleaned_data["statement"])
        except DomainError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Your dispute was sent. An operator will review it."))
            return redirect("worker:credentials")
    return _page(request, status=400, background=_background(request.user, dispute_form=form))
