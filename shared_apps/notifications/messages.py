"""What each notification says, per kind, in English source strings (Chinese in this app's locale).

Context values are plain strings prepared by the sender: company, order, service, start, eta,
reason, fee, worker. A missing value renders empty rather than failing a delivery."""
from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _

TEMPLATES = {
    "order.booked": (_("Order %(order)s received"),
                     _("We have your order for %(service)s on %(start)s. Please pay to confirm it.")),
    "order.paid": (_("Order %(order)s confirmed"),
                   _("Your order for %(service)s on %(start)s is confirmed. We are finding your worker.")),
    "order.assigned": (_("New task: %(service)s"),
                       _("You have a new task on %(start)s. Please accept or decline it.")),
    "order.accepted": (_("Your worker is confirmed"),
                       _("%(worker)s will come for %(service)s on %(start)s.")),
    "order.on_the_way": (_("Your worker is on the way"),
                         _("%(worker)s is on the way for %(service)s and expects to arrive in %(eta)s minutes.")),
    "order.arrived": (_("Your worker has arrived"), _("%(worker)s has arrived for %(service)s.")),
    "order.completed": (_("Service done"),
                        _("%(service)s is done. Thank you! Please tell us how it went.")),
    "order.cancelled": (_("Order %(order)s cancelled"),
                        _("The order for %(service)s on %(start)s was cancelled. %(reason)s")),
    "order.task_cancelled": (_("Task cancelled"),
                             _("Your task %(service)s on %(start)s was cancelled or given to someone else.")),
    "order.reschedule_requested": (_("Request to move order %(order)s"),
                                   _("%(requester)s asks to move %(service)s from %(start)s to %(new_start)s. "
                                     "%(reason)s")),
    "order.reschedule_approved": (_("Order %(order)s moved"), _("%(service)s now takes place on %(start)s.")),
    "order.reschedule_declined": (_("Move of order %(order)s declined"),
                                  _("%(service)s stays on %(start)s.")),
    "order.reminder_day": (_("Tomorrow: %(service)s"), _("Reminder: %(service)s on %(start)s.")),
    "staff.invited": (_("Invitation from %(company)s"),
                      _("%(company)s invites you to join as %(role)s. Open the worker app to accept or decline.")),
    "order.reminder_hour": (_("In an hour: %(service)s"), _("Reminder: %(service)s at %(start)s.")),
    "review.reminder": (_("How was %(service)s?"),
                        _("Please review your visit of %(start)s: scores, a few words, photos. You can review it "
                          "until %(closes)s.")),
    "review.replied": (_("%(company)s replied to your review"),
                       _("%(company)s replied to your review of %(service)s on %(start)s.")),
    "payout.approved": (_("Withdrawal approved"),
                        _("%(company)s approved your withdrawal of %(amount)s yuan; the transfer is on its way.")),
    "payout.paid": (_("Withdrawal paid"), _("%(company)s paid your withdrawal of %(amount)s yuan.")),
    "payout.failed": (_("Withdrawal failed"),
                      _("The transfer of %(amount)s yuan from %(company)s failed; the money is back in your "
                        "available balance.")),
    "payout.rejected": (_("Withdrawal rejected"),
                        _("%(company)s rejected your withdrawal of %(amount)s yuan: %(reason)s The money is back "
                          "in your available balance.")),
    "sanction.issued": (_("%(step)s from %(company)s"),
                        _("%(company)s issued you a sanction (%(step)s). Open My score to see the figures it rests "
                          "on and to appeal.")),
    "appeal.decided": (_("Your appeal was decided"),
                       _("%(company)s decided your appeal against the %(step)s: %(outcome)s %(reason)s")),
    "credential.approved": (_("Credential approved"), _("Your %(credential)s was approved.")),
    "credential.rejected": (_("Credential rejected"),
                            _("Your %(credential)s was rejected: %(reason)s. Open My credentials to send it again.")),
    "credential.expiring": (_("Credential expires soon"),
                            _("Your %(credential)s expires on %(date)s (in %(days)s days). Please renew it.")),
    "credential.expired": (_("Credential expired"),
                           _("Your %(credential)s has expired. Upload the renewed one in My credentials.")),
    "background_check.done": (_("Background check finished"),
                              _("Your background check is done: %(result)s. See it in My credentials.")),
    "background_check.consent_needed": (_("Background check: your consent is needed"),
                                        _("A new background check is due. Open My credentials to consent to it.")),
    "background_check.dispute_decided": (_("Your dispute was decided"),
                                         _("Your dispute of the background check was decided: %(outcome)s. See "
                                           "My credentials.")),
}
FALLBACK = (_("Notification"), _("%(service)s"))


# Values the sender wrote as English source strings (gettext_noop), translated for the reader;
# a person's own words (a cancellation reason they typed) have no entry and stay as written.
TRANSLATED_VALUES = ("reason", "requester", "step", "outcome", "credential", "result")


def render(kind: str, context: dict, *, language: str | None) -> tuple[str, str]:
    """(title, body) of a notification of `kind` in `language`: its words in that language, its
    times ("times": ISO moments) written that language's way in the company's time zone."""
    title, body = TEMPLATES.get(kind, FALLBACK)
    context = context or {}
    values = defaultdict(str, {k: str(v) for k, v in context.items()})
    with translation.override(language or "en"):
        for key in TRANSLATED_VALUES:
            if values[key]:
                values[key] = translation.gettext(values[key])
        zone = ZoneInfo(context["time_zone"]) if context.get("time_zone") else None
        for key, moment in (context.get("times") or {}).items():
            at = datetime.fromisoformat(moment)
            values[key] = formats.date_format(at.astimezone(zone) if zone else at, "DATETIME_FORMAT")
        return str(title) % values, (str(body) % values).strip()
