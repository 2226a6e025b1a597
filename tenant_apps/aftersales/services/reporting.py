"""A customer reports a problem with a finished visit: within the window of the service's category,
with photos (metadata stripped), and what the visit left (the worker's completion photos and
arrival position) attached as evidence. The SLA clocks start."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from shared_apps.accounts.models import User
from shared_apps.changes.services import record_change
from shared_apps.core.errors import DomainError, ValidationFailed
from tenant_apps.catalog.selectors import current_company
from tenant_apps.orders.after_visit import DONE_STATES, visit_evidence
from tenant_apps.orders.models import Order
from tenant_apps.people.models import Customer

from .. import timers
from ..errors import CaseError
from ..machine import Side, apply_move
from ..models import ABOUT_THE_WORKER, Case, CasePhoto, ProblemCategory, Severity
from ..photos import without_metadata
from ..selectors import report_deadline
from ..timers import aftersales_settings

MAX_PHOTOS = 6


def report_problem(*, actor: User, customer: Customer, order: Order, category: str, severity: str,
                   description: str, photos: Sequence = (), now: datetime | None = None,
                   side: str = Side.CUSTOMER) -> Case:
    """Open a case about the customer's own finished order (`side` office: the office reports for the
    customer). Refused: an order not done yet (not_reportable) unless it is a worker who accepted and
    never arrived (no_show, once the start and the company's grace have passed), past the category's
    window (report_window_closed, with the deadline), or with a case still open (case_exists)."""
    now = now or timezone.now()
    fields: dict[str, list[str]] = {}
    if category not in ProblemCategory.values:
        fields["category"] = [_("Choose what went wrong.")]
    if severity not in Severity.values:
        fields["severity"] = [_("Choose how serious it is.")]
    if not (description or "").strip():
        fields["description"] = [_("Tell us what happened.")]
    if len(photos) > MAX_PHOTOS:
        fields["photos"] = [_("Attach at most %(n)d photos.") % {"n": MAX_PHOTOS}]
    if fields:
        raise ValidationFailed(fields)
    if order.customer_id != customer.pk:
        from shared_apps.core.errors import NotFound

        raise NotFound("order")
    evidence = visit_evidence(order)
    done = order.status in DONE_STATES and evidence.completed_at is not None
    if not done and category == ProblemCategory.NO_SHOW:
        _check_worker_no_show(order=order, evidence=evidence, now=now)
    elif not done:
        raise DomainError(CaseError.NOT_REPORTABLE, _("A problem can be reported once the visit is done."),
                          status=409)
    deadline = report_deadline(completed_at=evidence.completed_at or order.ends_at,
                               category_id=evidence.service_category_id, vertical=current_company().vertical)
    if now > deadline:
        raise DomainError(CaseError.REPORT_WINDOW_CLOSED, _(
            "Problems with this service can be reported until %(deadline)s; that time has passed. Please "
            "contact the company.") % {"deadline": formats.date_format(timezone.localtime(deadline),
                                                                       "DATETIME_FORMAT")},
            status=409, extra={"deadline": deadline.isoformat()})
    cleaned = [without_metadata(photo) for photo in photos]
    try:
        with transaction.atomic():
            case = Case.objects.create(
                order=order, customer=customer, worker_id=evidence.worker_id, category=category, severity=severity,
                status="", description=description.strip()[:5000], about_worker=category in ABOUT_THE_WORKER,
                report_deadline=deadline,
                evidence={"completed_at": evidence.completed_at.isoformat() if evidence.completed_at else None,
                          "photo_ids": list(evidence.photo_ids), "arrival": evidence.arrival,
                          **({} if done else {"not_done": order.status, "due_at": order.starts_at.isoformat()})})
            timers.start_timers(case=case, now=now)
            apply_move(actor=actor, case=case, action="report", side=side, now=now,
                       data={"category": category, "severity": severity, "photos": len(cleaned)})
            for photo in cleaned:
                CasePhoto.objects.create(case=case, image=photo)
            record_change(actor=actor, action="case.reported", target_id=case.pk,
                          data={"order_id": order.pk, "category": category, "severity": severity})
    except IntegrityError as exc:
        if "aftersales_one_open_case_per_order" in str(exc):
            raise DomainError(CaseError.CASE_EXISTS, _("A problem with this order is already being handled."),
                              status=409) from None
        raise
    return case


def _check_worker_no_show(*, order: Order, evidence, now: datetime) -> None:
    """A visit not done can be reported as a no-show when a worker accepted it, never arrived, and the
    start plus the company's grace has passed (not_reportable otherwise, with the reason)."""
    from tenant_apps.orders.models import OrderEvent

    grace = timedelta(minutes=aftersales_settings().no_show_grace_minutes)
    accepted = OrderEvent.objects.filter(order_id=order.pk, action="accept").exists()
    if not accepted or order.worker_id is None:
        raise DomainError(CaseError.NOT_REPORTABLE, _(
            "No worker had accepted this visit, so nobody failed to come; cancel it or contact the company."),
            status=409)
    if evidence.arrival:
        raise DomainError(CaseError.NOT_REPORTABLE, _(
            "The worker marked their arrival; report the problem once the visit is done."), status=409)
    if now < order.starts_at + grace:
        raise DomainError(CaseError.NOT_REPORTABLE, _(
            "The visit is due at %(when)s; a worker who has not come can be reported from %(from)s.") % {
            "when": formats.date_format(timezone.localtime(order.starts_at), "DATETIME_FORMAT"),
            "from": formats.date_format(timezone.localtime(order.starts_at + grace), "DATETIME_FORMAT")},
            status=409)
