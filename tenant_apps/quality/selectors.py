"""Reads of the quality app: the inputs of the credit score besides visits, and a worker's score as
their page shows it."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Max, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from shared_apps.core.api import parse_id
from shared_apps.core.errors import NotFound
from shared_apps.credentials.selectors import credential_validity
from tenant_apps.aftersales.selectors import upheld_complaints
from tenant_apps.catalog.models import Service
from tenant_apps.reviews.selectors import counted_ratings, monthly_ratings
from tenant_apps.workforce.credit import credit_score_of, worker_id_of_user
from tenant_apps.workforce.models import WorkerProfile

from . import scoring
from .models import Appeal, AppealStatus, Sanction, SanctionLevel, SanctionStatus


def ratings_of_orders(*, since: datetime) -> Mapping[int, tuple[int, str]]:
    """Order id -> (overall score 1..5, low-rating reason code) of its counted review, for visits due
    since `since`."""
    return counted_ratings(since=since)


def standing_of_workers(worker_ids: Iterable[int], *, now: datetime) -> Mapping[int, scoring.Standing]:
    """Worker id -> upheld complaints in the window and whether their required credentials are valid
    (None when no service they may do requires any): four queries whatever the number of workers."""
    worker_ids = list(worker_ids)
    upheld = upheld_complaints(worker_ids, since=now - timedelta(days=scoring.WINDOW_DAYS))
    requiring = dict(Service.objects.filter(is_active=True).exclude(required_credentials=[])
                     .values_list("pk", "required_credentials"))
    if not requiring:
        return {pk: scoring.Standing(upheld_complaints=count) for pk, count in upheld.items()}
    through = WorkerProfile.services.through
    listed: dict[int, set[int]] = {}
    for worker_id, service_id in through.objects.filter(workerprofile_id__in=list(worker_ids)).values_list(
            "workerprofile_id", "service_id"):
        listed.setdefault(worker_id, set()).add(service_id)
    users = dict(WorkerProfile.objects.filter(pk__in=list(worker_ids)).values_list("pk", "staff_member__user_id"))
    held = credential_validity(users.values(), {kind for kinds in requiring.values() for kind in kinds})
    standing = {}
    for worker_id, user_id in users.items():
        services = listed.get(worker_id) or set(requiring)  # no list: they may do every service
        needed = {kind for pk in services for kind in requiring.get(pk, ())}
        valid = all((user_id, kind) in held for kind in needed) if needed else None
        if needed or worker_id in upheld:
            standing[worker_id] = scoring.Standing(upheld_complaints=upheld.get(worker_id, 0),
                                                   credentials_valid=valid)
    return standing


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
        text = _("Average %(mean)s; ratings counted: %(counted)d.") % {"mean": c["mean"], "counted": c["counted"]}
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
        return (_("Late by more than 10 minutes: %(late)d of %(counted)d arrivals.") % c,
                _("Press \"On the way\" early and arrive by the start of the visit."))
    if name == "reliability":
        return (_("Of %(counted)d visits: %(cancelled)d dropped after accepting, %(no_shows)d not come to.") % c,
                _("Decline an offer you cannot keep before accepting it, not after."))
    if name == "complaints":
        return (_("Upheld after mediation: %(upheld)d (complaints still open do not count).") % c,
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


# ---- sanctions and appeals -----------------------------------------------------------------------

def sanctions_of_worker(worker_id: int) -> QuerySet[Sanction]:
    return Sanction.objects.filter(worker_id=worker_id).select_related("appeal")


def get_sanction_of_worker(worker_id: int, sanction_id) -> Sanction:
    """The worker's own sanction; another's and a missing one look the same."""
    found = Sanction.objects.filter(worker_id=worker_id, pk=parse_id(sanction_id)).first()
    if found is None:
        raise NotFound(_("sanction"))
    return found


def office_sanctions(*, limit: int = 100) -> QuerySet[Sanction]:
    return Sanction.objects.select_related("worker__staff_member", "appeal")[:limit]


def appeal_queue() -> QuerySet[Appeal]:
    """Appeals waiting for a decision, the most urgent first."""
    return (Appeal.objects.filter(status=AppealStatus.WAITING)
            .select_related("sanction__worker__staff_member").order_by("due_at", "id"))


def get_appeal_for_office(appeal_id) -> Appeal:
    found = Appeal.objects.filter(pk=parse_id(appeal_id)).select_related("sanction").first()
    if found is None:
        raise NotFound(_("appeal"))
    return found


def worker_standings(*, limit: int = 200) -> list[dict]:
    """Workers with their score and the sanction step in force, the lowest score first (the office's
    quality page)."""
    workers = list(WorkerProfile.objects.select_related("staff_member", "credit_score")
                   .order_by("staff_member__display_name")[:limit])
    steps = dict(Sanction.objects.filter(status=SanctionStatus.IN_FORCE, worker__in=workers)
                 .values_list("worker_id").annotate(top=Max("level")).values_list("worker_id", "top"))
    rows = []
    for worker in workers:
        score = getattr(worker, "credit_score", None)
        rows.append({"worker": worker, "score": score.score if score else None,
                     "previous": score.previous_score if score else None,
                     "step": SanctionLevel(steps[worker.pk]).label if worker.pk in steps else ""})
    rows.sort(key=lambda row: (row["score"] is None, row["score"] or 0))
    return rows


# ---- trends (the office's quality page, X3) -------------------------------------------------------

@dataclass(frozen=True)
class TrendRow:
    key: int
    name: object  # a worker's display name, or a service (its name is translated in the template)
    cells: list[tuple[float, int] | None]  # per month: (mean overall, reviews) or nothing
    change: float | None  # the last month with reviews against the one before it


def _rows(table: Mapping[int, Mapping], months: list, names: Mapping[int, object]) -> list[TrendRow]:
    rows = []
    for key, by_month in table.items():
        cells = [by_month.get(month) for month in months]
        known = [cell[0] for cell in cells if cell]
        change = round(known[-1] - known[-2], 2) if len(known) >= 2 else None
        rows.append(TrendRow(key=key, name=names.get(key, key), cells=cells, change=change))
    rows.sort(key=lambda row: str(row.name))
    return rows


def quality_trends(*, time_zone: str, months: int = 6) -> dict:
    """Ratings by worker and by service, month by month, with the latest change."""
    found = monthly_ratings(months=months, time_zone=time_zone)
    workers = dict(WorkerProfile.objects.filter(pk__in=list(found.by_worker))
                   .values_list("pk", "staff_member__display_name"))
    services = {s.pk: s for s in Service.objects.filter(pk__in=list(found.by_service))}
    return {"months": found.months, "workers": _rows(found.by_worker, found.months, workers),
            "services": _rows(found.by_service, found.months, services)}
