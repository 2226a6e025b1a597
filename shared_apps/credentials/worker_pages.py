"""The worker app's "My credentials" page: upload, see the status and reason, resubmit, share with a
company or stop sharing, and see which company looked (mounted under /worker/ by workerapp.urls)."""
from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.accounts.access import signed_in
from shared_apps.core.errors import DomainError
from shared_apps.core.private_files import private_file_url
from tenants.selectors import companies_of_worker

from .forms import CredentialForm, ShareForm
from .models import CredentialStatus
from .selectors import credentials_of, get_credential_for_worker, views_of
from .services import resubmit_credential, revoke_share, share_credential, submit_credential


def _page(request, *, form=None, resubmit_id=None, resubmit_form=None, status=200):
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
