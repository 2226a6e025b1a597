"""A customer reports a problem with a finished visit: within the window of the service's category,
with photos (metadata stripped), and what the visit left (the worker's completion photos and
arrival position) attached as evidence. The SLA clocks start."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

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

MAX_PHOTOS = 6


def report_problem(*, actor: User, customer: Customer, order: Order, category: str, severity: str,
                   description: str, photos: Sequence = (), now: datetime | None = None) -> Case:
    """Open a case about the customer's own finished order. Refused: an order not done yet
    (not_reportable), past the category's window (report_window_closed, with the deadline), or with a
    case still open (case_exists)."""
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
    if order.status not in DONE_STATES or evidence.completed_at is None:
        raise DomainError(CaseError.NOT_REPORTABLE, _("A problem can be reported once the visit is done."),
                          status=409)
    deadline = report_deadline(completed_at=evidence.completed_at, category_id=evidence.service_category_id,
                               vertical=current_company().vertical)
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
                evidence={"completed_at": evidence.completed_at.isoformat(), "photo_ids": list(evidence.photo_ids),
                          "arrival": evidence.arrival})
            timers.start_timers(case=case, now=now)
            apply_move(actor=actor, case=case, action="report", side=Side.CUSTOMER, now=now,
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
