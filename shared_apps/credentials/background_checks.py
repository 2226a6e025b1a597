"""Background checks (issue 18 point 3): the worker consents and asks; a Celery task hands the
request to the provider and beat asks it how far it got; the worker disputes a fail or consider and
an operator decides; beat asks for a new check (and the worker's fresh consent) a year after the
last. Nothing is sent to a provider without the worker's recorded consent."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shared_apps.changes.services import record_change
from shared_apps.core.actor import SystemActor
from shared_apps.core.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from shared_apps.core.sealing import unseal
from shared_apps.notifications.models import Channel
from shared_apps.notifications.services import notify

from .errors import CredentialError
from .locks import lock_check, lock_dispute, lock_worker
from .models import (
    BackgroundCheck,
    BackgroundCheckDispute,
    CheckResult,
    CheckStatus,
    Credential,
    CredentialKind,
    CredentialStatus,
    DisputeStatus,
)
from .screening import ScreeningRequest, ScreeningUnavailable, provider

logger = logging.getLogger(__name__)

CONSENT_TEXT = gettext_lazy(
    "I agree that Doorstep asks a background-check provider to check my identity and criminal record. "
    "Only the result (pass, fail or consider), its date and the provider's reference are kept.")
DECISIONS = ("recheck", "pass", "reject")


def recheck_after_days() -> int:
    return int(getattr(settings, "BACKGROUND_CHECK_VALID_DAYS", 365))


def _english(text) -> str:
    with translation.override("en"):
        return str(text)


def _enqueue_submit(check_id: int) -> None:
    from .tasks import submit_background_check as submit_background_check_task

    try:
        submit_background_check_task.delay(check_id)
    except Exception:  # the broker is down: the beat sweep submits it later
        logger.exception("could not enqueue background check %s", check_id)


def request_background_check(*, actor, consent: bool) -> BackgroundCheck:
    """The worker consents and asks for a check: a check waiting for consent (yearly, after a
    dispute) gets it, else a new one starts. Refused while another check is running."""
    if not consent:
        raise ValidationFailed({"consent": [_("Tick the box to consent: no check is requested without it.")]})
    with transaction.atomic():
        lock_worker(actor.pk)
        check = BackgroundCheck.objects.filter(worker=actor).exclude(status=CheckStatus.DONE).first()
        if check is not None and check.status != CheckStatus.AWAITING_CONSENT:
            raise DomainError(CredentialError.CHECK_RUNNING, _("A background check is already running."), status=409)
        if check is None:
            reason = "again" if BackgroundCheck.objects.filter(worker=actor).exists() else "first"
            check = BackgroundCheck(worker=actor, reason=reason)
        check.status = CheckStatus.REQUESTED
        check.consented_at = timezone.now()
        check.consent_text = str(CONSENT_TEXT)[:400]
        check.save()
        record_change(actor=actor, action="background_check.consented", target_id=check.pk,
                      data={"reason": check.reason})
        transaction.on_commit(lambda pk=check.pk: _enqueue_submit(pk))
    return check


def _identity(worker_id: int) -> tuple[str, str]:
    """The name and ID number the provider checks: from the worker's approved ID card when there is
    one, else the account's name (the provider then matches by name and phone only)."""
    card = (Credential.objects.filter(worker_id=worker_id, kind=CredentialKind.ID_CARD,
                                      status=CredentialStatus.APPROVED).exclude(number_sealed="")
            .order_by("-reviewed_at", "-pk").first())
    if card is not None:
        return card.name_on_document, unseal(card.number_sealed).get("number", "")
    worker = get_user_model().objects.get(pk=worker_id)
    return worker.name, ""


def submit_background_check(*, actor: SystemActor, check_id: int) -> BackgroundCheck | None:
    """Hand a requested check to the provider (outside any lock: it is a call out of the process;
    our key makes a repeat start one check). A provider that is down leaves it requested."""
    check = BackgroundCheck.objects.filter(pk=check_id, status=CheckStatus.REQUESTED).first()
    if check is None:
        return None
    name, number = _identity(check.worker_id)
    adapter = provider()
    try:
        reference = adapter.request(ScreeningRequest(key=f"doorstep-bg-{check.pk}", name=name, id_number=number,
                                                     consented_at=check.consented_at))
    except ScreeningUnavailable:
        logger.warning("background check %s: provider unavailable, the sweep tries again", check.pk)
        return check
    with transaction.atomic():
        check = lock_check(check_id)
        if check is None or check.status != CheckStatus.REQUESTED:
            return check
        check.status, check.provider, check.reference = CheckStatus.IN_PROGRESS, adapter.name, reference[:80]
        check.submitted_at = timezone.now()
        check.save()
        record_change(actor=actor, action="background_check.submitted", target_id=check.pk,
                      data={"provider": adapter.name, "reference": check.reference})
    return check


def refresh_background_check(*, actor: SystemActor, check_id: int) -> BackgroundCheck | None:
    """Ask the provider how a running check stands; once done, keep its outcome and tell the worker."""
    check = BackgroundCheck.objects.filter(pk=check_id, status=CheckStatus.IN_PROGRESS).first()
    if check is None:
        return None
    try:
        state = provider().state(check.reference)
    except ScreeningUnavailable:
        logger.warning("background check %s: provider unavailable, asked again later", check.pk)
        return check
    if not state.done:
        return check
    with transaction.atomic():
        check = lock_check(check_id)
        if check is None or check.status != CheckStatus.IN_PROGRESS:
            return check
        check.status = CheckStatus.DONE
        check.result = check.provider_result = state.outcome
        check.completed_at = state.completed_at or timezone.now()
        check.save()
        record_change(actor=actor, action="background_check.completed", target_id=check.pk,
                      data={"result": check.result, "reference": check.reference})
        notify(actor=actor, user_ids=[check.worker_id], kind="background_check.done",
               context={"result": _english(check.get_result_display())}, channels=(Channel.INBOX,),
               dedupe_key=f"background_check.done:{check.pk}")
    return check


def sweep_background_checks(*, actor: SystemActor, now: datetime | None = None) -> int:
    """Beat: submit requested checks whose task was lost (or whose provider was down), and ask the
    provider about every running one. Returns how many were looked at."""
    now = now or timezone.now()
    stale = list(BackgroundCheck.objects.filter(status=CheckStatus.REQUESTED, updated_at__lt=now - timedelta(
        seconds=60)).order_by("pk").values_list("pk", flat=True)[:500])
    for check_id in stale:
        submit_background_check(actor=actor, check_id=check_id)
    running = list(BackgroundCheck.objects.filter(status=CheckStatus.IN_PROGRESS).order_by("pk")
                   .values_list("pk", flat=True)[:500])
    for check_id in running:
        refresh_background_check(actor=actor, check_id=check_id)
    return len(stale) + len(running)


def _ask_for_consent(*, actor, worker_id: int, reason: str) -> BackgroundCheck:
    """A new check that waits for the worker's consent (expects the worker's row locked)."""
    check = BackgroundCheck.objects.create(worker_id=worker_id, reason=reason)
    record_change(actor=actor, action="background_check.consent_asked", target_id=check.pk, data={"reason": reason})
    notify(actor=actor, user_ids=[worker_id], kind="background_check.consent_needed",
           context={}, channels=(Channel.INBOX, Channel.SMS), dedupe_key=f"background_check.consent:{check.pk}")
    return check


def request_yearly_rechecks(*, actor: SystemActor, now: datetime | None = None) -> int:
    """Beat: a year (BACKGROUND_CHECK_VALID_DAYS) after a worker's last finished check, start a new
    one that waits for their consent, and tell them. Once per worker: the open check is the mark."""
    now = now or timezone.now()
    due_before = now - timedelta(days=recheck_after_days())
    latest = (BackgroundCheck.objects.order_by("worker_id", "-created_at", "-id").distinct("worker_id")
              .values_list("pk", flat=True))
    workers = list(BackgroundCheck.objects.filter(pk__in=latest, status=CheckStatus.DONE, completed_at__lt=due_before)
                   .order_by("worker_id").values_list("worker_id", flat=True)[:500])
    asked = 0
    for worker_id in workers:
        with transaction.atomic():
            lock_worker(worker_id)
            last = BackgroundCheck.objects.filter(worker_id=worker_id).order_by("-created_at", "-id").first()
            if last.status != CheckStatus.DONE or last.completed_at >= due_before:
                continue
            _ask_for_consent(actor=actor, worker_id=worker_id, reason="yearly")
            asked += 1
    return asked


# -- disputes -----------------------------------------------------------------------------------------

def dispute_background_check(*, actor, check_id: int, statement: str) -> BackgroundCheckDispute:
    """The worker contests a fail or consider with their own words; an operator reviews it."""
    statement = (statement or "").strip()
    if not statement:
        raise ValidationFailed({"statement": [_("Say why the result is wrong.")]})
    with transaction.atomic():
        lock_worker(actor.pk)
        check = lock_check(check_id)
        if check is None or check.worker_id != actor.pk:
            raise NotFound(_("background check"))
        if not check.can_dispute:
            raise DomainError(CredentialError.CHECK_NOT_DISPUTABLE,
                              _("Only a finished check that did not pass can be disputed."), status=409)
        if check.disputes.filter(status=DisputeStatus.OPEN).exists():
            raise DomainError(CredentialError.DISPUTE_OPEN, _("Your dispute of this check is already under review."),
                              status=409)
        dispute = BackgroundCheckDispute.objects.create(background_check=check, worker=actor,
                                                        statement=statement[:2000])
        record_change(actor=actor, action="background_check.disputed", target_id=check.pk,
                      data={"dispute_id": dispute.pk}, reason=statement[:200])
    return dispute


def decide_dispute(*, actor, dispute_id: int, decision: str, note: str = "") -> BackgroundCheckDispute:
    """An operator decides a dispute: uphold it with a new check (which waits for the worker's
    consent), uphold it by marking the check passed (a note says why; the provider's answer stays on
    the row), or not uphold it (a note says why)."""
    if not getattr(actor, "is_platform_operator", False):
        raise PermissionDenied()
    note = (note or "").strip()[:300]
    if decision not in DECISIONS:
        raise ValidationFailed({"decision": [_("Choose a decision.")]})
    if decision in ("pass", "reject") and not note:
        raise ValidationFailed({"note": [_("Write a note saying why.")]})
    worker_id = BackgroundCheckDispute.objects.filter(pk=dispute_id).values_list("worker_id", flat=True).first()
    if worker_id is None:
        raise NotFound(_("dispute"))
    with transaction.atomic():
        lock_worker(worker_id)
        dispute = lock_dispute(dispute_id)
        if dispute.status != DisputeStatus.OPEN:
            raise DomainError(CredentialError.DISPUTE_DECIDED, _("This dispute has already been decided."), status=409)
        check = lock_check(dispute.background_check_id)
        if decision == "recheck":
            if BackgroundCheck.objects.filter(worker_id=worker_id).exclude(status=CheckStatus.DONE).exists():
                raise DomainError(CredentialError.CHECK_RUNNING,
                                  _("A background check of this worker is already open."), status=409)
            _ask_for_consent(actor=actor, worker_id=worker_id, reason="dispute")
            dispute.status = DisputeStatus.RECHECK
        elif decision == "pass":
            check.result, check.result_note = CheckResult.PASS, note
            check.save(update_fields=["result", "result_note", "updated_at"])
            dispute.status = DisputeStatus.PASSED
        else:
            dispute.status = DisputeStatus.REJECTED
        dispute.decided_by, dispute.decided_at, dispute.decision_note = actor, timezone.now(), note
        dispute.save()
        record_change(actor=actor, action="background_check.dispute_decided", target_id=check.pk,
                      data={"dispute_id": dispute.pk, "decision": decision, "provider_result": check.provider_result},
                      reason=note)
        notify(actor=actor, user_ids=[worker_id], kind="background_check.dispute_decided",
               context={"outcome": _english(dispute.get_status_display())}, channels=(Channel.INBOX,))
    return dispute
