"""Actions on credentials: the worker submits, resubmits and shares; operators review (four eyes for a
rejection); companies open what was shared with them (logged); beat expires and reminds."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shared_apps.changes.services import record_change
from shared_apps.core.actor import SystemActor
from shared_apps.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from shared_apps.core.sealing import seal
from shared_apps.notifications.models import Channel
from shared_apps.notifications.services import notify
from tenants.selectors import companies_of_worker

from .errors import CredentialError
from .idcards import clean_id_number
from .locks import lock_approved_until, lock_credential, lock_open_share, lock_share_of
from .models import (
    Credential,
    CredentialFile,
    CredentialKind,
    CredentialShare,
    CredentialStatus,
    CredentialView,
    ReasonCode,
)
from .realname import RealNameUnavailable, verifier

REMINDER_DAYS = (90, 60, 30, 7)
NEEDS_EXPIRY = {CredentialKind.HEALTH, CredentialKind.INSURANCE}


@dataclass(frozen=True)
class Document:
    """An uploaded file already checked from its bytes (shared_apps.core.uploads.clean_document)."""

    data: bytes
    content_type: str
    suffix: str


@dataclass(frozen=True)
class CredentialInput:
    kind: str
    documents: list[Document]
    number: str = ""
    name_on_document: str = ""
    title: str = ""
    issuer: str = ""
    valid_from: date | None = None
    valid_until: date | None = None


def _sla_hours() -> int:
    return getattr(settings, "CREDENTIAL_REVIEW_SLA_HOURS", 24)


def _check(data: CredentialInput) -> tuple[str, bool]:
    """The clean ID number (or "") and whether the real-name service matched the name; or
    ValidationFailed with every field's message at once."""
    errors: dict[str, list[str]] = {}
    number = ""
    if data.kind not in CredentialKind.values:
        errors["kind"] = [_("Unknown kind of credential.")]
    if not data.documents:
        errors["files"] = [_("Add a photo or scan of the document.")]
    if data.kind == CredentialKind.ID_CARD:
        if not data.name_on_document.strip():
            errors["name_on_document"] = [_("Type the name exactly as printed on the card.")]
        try:
            number = clean_id_number(data.number)
        except ValueError as error:
            errors["number"] = [str(error)]
    if data.kind == CredentialKind.SKILL and not data.title.strip():
        errors["title"] = [_("Name the certificate or licence.")]
    if data.kind in NEEDS_EXPIRY and data.valid_until is None:
        errors["valid_until"] = [_("Give the date until which it is valid.")]
    if data.valid_from and data.valid_until and data.valid_until < data.valid_from:
        errors["valid_until"] = [_("The end of validity is before its start.")]
    if data.valid_until and data.valid_until < timezone.localdate():
        errors["valid_until"] = [_("This document has already expired.")]
    if errors:
        raise ValidationFailed(errors)
    matched = False
    if number:
        try:
            matched = verifier().verify(name=data.name_on_document.strip(), id_number=number).matched
        except RealNameUnavailable:
            matched = False  # an operator compares by eye instead
    return number, matched


def _apply(credential: Credential, data: CredentialInput, number: str, matched: bool) -> None:
    now = timezone.now()
    credential.kind = data.kind
    credential.title = data.title.strip()
    credential.issuer = data.issuer.strip()
    credential.name_on_document = data.name_on_document.strip()
    credential.valid_from, credential.valid_until = data.valid_from, data.valid_until
    credential.number_sealed = seal({"number": number}) if number else ""
    credential.number_last4 = number[-4:] if number else ""
    credential.name_verified = matched
    credential.status = CredentialStatus.SUBMITTED
    credential.reason_code = credential.reason_note = ""
    credential.submitted_at = now
    credential.review_due_at = now + timedelta(hours=_sla_hours())
    credential.reviewed_at = credential.reviewed_by = None
    credential.rejection_proposed_by = credential.rejection_proposed_at = None
    credential.proposed_reason_code = credential.proposed_reason_note = ""
    credential.reminded_days = []


def _store_files(credential: Credential, documents: list[Document]) -> None:
    credential.files.all().delete()
    for index, document in enumerate(documents):
        row = CredentialFile(credential=credential, worker_id=credential.worker_id,
                             content_type=document.content_type, size=len(document.data))
        row.file.save(f"{credential.kind}-{index}{document.suffix}", ContentFile(document.data), save=False)
        row.save()


def submit_credential(*, actor, data: CredentialInput) -> Credential:
    number, matched = _check(data)
    with transaction.atomic():
        credential = Credential(worker=actor)
        _apply(credential, data, number, matched)
        credential.full_clean(exclude=["worker", "reviewed_by", "rejection_proposed_by"])
        credential.save()
        _store_files(credential, data.documents)
        record_change(actor=actor, action="credential.submitted", target_id=credential.pk,
                      data={"kind": credential.kind, "name_verified": matched})
    return credential


def resubmit_credential(*, actor, credential_id: int, data: CredentialInput) -> Credential:
    """A rejected or expired credential goes back to the queue with new files and details."""
    if data.kind != _own(actor, credential_id).kind:
        raise ValidationFailed({"kind": [_("A resubmission keeps the kind of credential.")]})
    number, matched = _check(data)
    with transaction.atomic():
        credential = lock_credential(credential_id)
        if credential.status not in (CredentialStatus.REJECTED, CredentialStatus.EXPIRED):
            raise DomainError(CredentialError.NOT_RESUBMITTABLE,
                              _("Only a rejected or expired credential can be sent again."), status=409)
        previous = {"status": credential.status, "reason_code": credential.reason_code}
        _apply(credential, data, number, matched)
        credential.save()
        _store_files(credential, data.documents)
        record_change(actor=actor, action="credential.resubmitted", target_id=credential.pk, data=previous)
    return credential


def _own(actor, credential_id) -> Credential:
    credential = Credential.objects.filter(pk=credential_id, worker=actor).first()
    if credential is None:
        raise NotFound(_("credential"))
    return credential


def _operator(actor) -> None:
    if not getattr(actor, "is_platform_operator", False):
        raise PermissionDenied()


def _locked_for_review(credential_id: int) -> Credential:
    credential = lock_credential(credential_id)
    if credential is None:
        raise NotFound(_("credential"))
    if credential.status != CredentialStatus.SUBMITTED:
        raise DomainError(CredentialError.NOT_REVIEWABLE, _("This credential is no longer waiting for review."),
                          status=409)
    return credential


def _label(credential: Credential) -> str:
    """English source text: the notification translates it for the reader (TRANSLATED_VALUES)."""
    with translation.override("en"):
        return credential.title or str(credential.get_kind_display())


def _english(text) -> str:
    with translation.override("en"):
        return str(text)


def approve_credential(*, actor, credential_id: int) -> Credential:
    """Approve a submitted credential. A pending rejection proposal is overruled, but not by the
    operator who proposed it (they withdraw it instead): two people agree either way."""
    _operator(actor)
    with transaction.atomic():
        credential = _locked_for_review(credential_id)
        if credential.rejection_proposed_by_id == actor.pk:
            raise DomainError(CredentialError.FOUR_EYES,
                              _("You proposed to reject this credential: another operator decides."), status=409)
        credential.status = CredentialStatus.APPROVED
        credential.reviewed_by, credential.reviewed_at = actor, timezone.now()
        credential.rejection_proposed_by = credential.rejection_proposed_at = None
        credential.proposed_reason_code = credential.proposed_reason_note = ""
        credential.save()
        record_change(actor=actor, action="credential.approved", target_id=credential.pk)
        notify(actor=actor, user_ids=[credential.worker_id], kind="credential.approved",
               context={"credential": _label(credential)}, channels=(Channel.INBOX,))
    return credential


def propose_rejection(*, actor, credential_id: int, reason_code: str, note: str = "") -> Credential:
    """The first pair of eyes: the credential stays submitted until a second operator confirms."""
    _operator(actor)
    if reason_code not in ReasonCode.values:
        raise ValidationFailed({"reason_code": [_("Choose a reason.")]})
    with transaction.atomic():
        credential = _locked_for_review(credential_id)
        credential.rejection_proposed_by, credential.rejection_proposed_at = actor, timezone.now()
        credential.proposed_reason_code, credential.proposed_reason_note = reason_code, note.strip()[:300]
        credential.save()
        record_change(actor=actor, action="credential.rejection_proposed", target_id=credential.pk,
                      data={"reason_code": reason_code}, reason=note)
    return credential


def confirm_rejection(*, actor, credential_id: int) -> Credential:
    """The second pair of eyes: another operator confirms the proposed rejection and its reason."""
    _operator(actor)
    with transaction.atomic():
        credential = _locked_for_review(credential_id)
        if credential.rejection_proposed_by_id is None:
            raise DomainError(CredentialError.NO_PROPOSAL, _("Nobody has proposed to reject this credential."),
                              status=409)
        if credential.rejection_proposed_by_id == actor.pk:
            raise DomainError(CredentialError.FOUR_EYES,
                              _("A rejection needs a second operator: someone else must confirm it."), status=409)
        credential.status = CredentialStatus.REJECTED
        credential.reason_code, credential.reason_note = credential.proposed_reason_code, \
            credential.proposed_reason_note
        credential.reviewed_by, credential.reviewed_at = actor, timezone.now()
        credential.save()
        record_change(actor=actor, action="credential.rejected", target_id=credential.pk,
                      data={"reason_code": credential.reason_code,
                            "proposed_by": credential.rejection_proposed_by_id}, reason=credential.reason_note)
        notify(actor=actor, user_ids=[credential.worker_id], kind="credential.rejected",
               context={"credential": _label(credential), "reason": _english(credential.get_reason_code_display())},
               channels=(Channel.INBOX,))
    return credential


def withdraw_rejection(*, actor, credential_id: int) -> Credential:
    _operator(actor)
    with transaction.atomic():
        credential = _locked_for_review(credential_id)
        if credential.rejection_proposed_by_id is None:
            raise DomainError(CredentialError.NO_PROPOSAL, _("Nobody has proposed to reject this credential."),
                              status=409)
        credential.rejection_proposed_by = credential.rejection_proposed_at = None
        credential.proposed_reason_code = credential.proposed_reason_note = ""
        credential.save()
        record_change(actor=actor, action="credential.rejection_withdrawn", target_id=credential.pk)
    return credential


# -- sharing by consent ------------------------------------------------------------------------------

def share_credential(*, actor, credential_id: int, company_id: int) -> CredentialShare:
    """The worker lets a company they work for see one credential (until revoked)."""
    credential = _own(actor, credential_id)
    if not companies_of_worker(actor).filter(pk=company_id).exists():
        raise DomainError(CredentialError.NOT_YOUR_COMPANY, _("You can share only with a company you work for."),
                          fields={"company": [_("Choose a company you work for.")]})
    with transaction.atomic():
        share = lock_open_share(credential, company_id)
        if share is None:
            share = CredentialShare.objects.create(credential=credential, worker=actor, company_id=company_id)
            record_change(actor=actor, action="credential.shared", target_id=credential.pk,
                          data={"company_id": company_id})
    return share


def revoke_share(*, actor, share_id: int) -> CredentialShare:
    with transaction.atomic():
        share = lock_share_of(actor, share_id)
        if share is None:
            raise NotFound(_("share"))
        if share.revoked_at is None:
            share.revoked_at = timezone.now()
            share.save(update_fields=["revoked_at", "updated_at"])
            record_change(actor=actor, action="credential.share_revoked", target_id=share.credential_id,
                          data={"company_id": share.company_id})
    return share


def open_shared_credential(*, actor, company, credential_id: int) -> Credential:
    """A company person opens a credential shared with `company`: logged for the worker to see.
    Missing, unshared and revoked look the same (NotFound)."""
    with transaction.atomic():
        credential = (Credential.objects.filter(pk=credential_id, shares__company_id=company.pk,
                                                shares__revoked_at__isnull=True)
                      .select_related("worker").prefetch_related("files").first())
        if credential is None:
            raise NotFound(_("credential"))
        CredentialView.objects.create(credential=credential, worker_id=credential.worker_id, company_id=company.pk,
                                      company_name=company.name[:200], viewer=actor,
                                      viewer_name=(getattr(actor, "name", "") or str(actor))[:150])
    return credential


# -- expiry (beat) ------------------------------------------------------------------------------------

def expire_credentials(*, actor: SystemActor, today: date | None = None) -> int:
    """Approved credentials past their validity become expired; the worker is told."""
    today = today or timezone.localdate()
    count = 0
    with transaction.atomic():
        for credential in lock_approved_until(before=today):
            credential.status = CredentialStatus.EXPIRED
            credential.save(update_fields=["status", "updated_at"])
            record_change(actor=actor, action="credential.expired", target_id=credential.pk)
            notify(actor=actor, user_ids=[credential.worker_id], kind="credential.expired",
                   context={"credential": _label(credential)}, channels=(Channel.INBOX, Channel.SMS),
                   dedupe_key=f"credential.expired:{credential.pk}:{credential.valid_until}")
            count += 1
    return count


def send_expiry_reminders(*, actor: SystemActor, today: date | None = None) -> int:
    """One reminder at 90, 60, 30 and 7 days before an approved credential expires (each once, even
    if the job missed the exact day)."""
    today = today or timezone.localdate()
    sent = 0
    with transaction.atomic():
        for credential in lock_approved_until(after=today, before=today + timedelta(days=max(REMINDER_DAYS) + 1)):
            left = (credential.valid_until - today).days
            due = [d for d in REMINDER_DAYS if left <= d and d not in credential.reminded_days]
            if not due:
                continue
            step = min(due)
            credential.reminded_days = sorted({*credential.reminded_days, *due}, reverse=True)
            credential.save(update_fields=["reminded_days", "updated_at"])
            notify(actor=actor, user_ids=[credential.worker_id], kind="credential.expiring",
                   context={"credential": _label(credential), "days": str(left),
                            "date": credential.valid_until.isoformat()},
                   channels=(Channel.INBOX, Channel.SMS), dedupe_key=f"credential.expiring:{credential.pk}:{step}:"
                                                         f"{credential.valid_until}")
            sent += 1
    return sent

