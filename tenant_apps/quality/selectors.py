"""Reads of the quality app: the inputs of the credit score besides visits, and a worker's score as
their page shows it."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tenant_apps.workforce.credit import credit_score_of, worker_id_of_user

from . import scoring


def ratings_of_orders(*, since: datetime) -> Mapping[int, tuple[int, str]]:
    """Order id -> (overall score 1..5, low-rating reason code) of its counted review, for visits due
    since `since`."""
    return {}


def standing_of_workers(worker_ids: Iterable[int], *, now: datetime) -> Mapping[int, scoring.Standing]:
    """Worker id -> upheld complaints and whether their required credentials are valid."""
    return {}


@dataclass(frozen=True)
class Line:
    name: str
    label: str
    points: float
    room: float
    value_percent: int
    explanation: str
    advice: str


@dataclass(frozen=True)
class ScoreCard:
    score: float
    previous: float | None
    visits: int
    computed_at: datetime
    lines: list[Line]
    raise_it: list[Line]


LABELS = {
    "ratings": _("Customer ratings"),
    "punctuality": _("Arriving on time"),
    "reliability": _("Keeping accepted visits"),
    "complaints": _("Upheld complaints"),
    "credentials": _("Valid certificates"),
}


def _explain(name: str, c: dict) -> tuple[str, str]:
    if name == "ratings":
        text = _("Average %(mean)s from %(counted)d counted ratings.") % {"mean": c["mean"], "counted": c["counted"]}
        if c.get("excluded"):
            text += " " + ngettext(
                "%(n)d low rating is not counted: its reason (price, the app, a delay the customer caused) "
                "was not yours.",
                "%(n)d low ratings are not counted: their reason (price, the app, a delay the customer caused) "
                "was not yours.",
                c["excluded"]) % {"n": c["excluded"]}
        if c.get("softened"):
            text += " " + ngettext("%(n)d rating from a habitually harsh customer counts half.",
                                   "%(n)d ratings from habitually harsh customers count half.",
                                   c["softened"]) % {"n": c["softened"]}
        return text, _("Ask customers to rate you after each visit; each good rating lifts the average.")
    if name == "punctuality":
        return (_("%(late)d of %(counted)d arrivals were more than 10 minutes late.") % c,
                _("Press \"On the way\" early and arrive by the start of the visit."))
    if name == "reliability":
        return (_("%(cancelled)d accepted visits dropped and %(no_shows)d not come to, of %(counted)d.") % c,
                _("Decline an offer you cannot keep before accepting it, not after."))
    if name == "complaints":
        return (_("%(upheld)d complaints upheld after mediation (complaints still open do not count).") % c,
                _("Each upheld complaint costs a quarter of this part; it leaves the window after 180 days."))
    return ((_("Your required certificates are valid.") if c["value"] >= 1 else
             _("A certificate a service needs is missing or expired.")) if c["required"] else
            _("The company asks for no certificate."),
            _("Renew or upload the certificates your services need."))


def score_card_of(user) -> ScoreCard | None:
    """The signed-in worker's score at the current company, explained; None before the first computation."""
    worker_id = worker_id_of_user(user)
    stored = credit_score_of(worker_id) if worker_id else None
    if stored is None:
        return None
    lines = []
    for name in scoring.COMPONENTS:
        c = stored.components.get("components", {}).get(name)
        if c is None:
            continue
        explanation, advice = _explain(name, c)
        lines.append(Line(name=name, label=str(LABELS[name]), points=c["points"], room=c["room"],
                          value_percent=round(100 * c["value"]), explanation=explanation, advice=advice))
    raise_it = sorted((line for line in lines if line.room >= 1), key=lambda line: -line.room)
    previous = float(stored.previous_score) if stored.previous_score is not None else None
    return ScoreCard(score=float(stored.score), previous=previous, visits=stored.visits,
                     computed_at=stored.computed_at, lines=lines, raise_it=raise_it)
