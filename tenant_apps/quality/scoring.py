"""The worker credit score (issue 17 point 2, A9): plain arithmetic over a worker's recent visits,
with every component kept so the worker can read why the score is what it is.

No Django here: the nightly job gathers `Visit` rows for every worker of a company in a few
queries and calls `score_worker` per worker, so recomputing 1,000 workers × 200 visits is a
question of Python speed, not of queries (benchmark `credit_recompute_s`).

Fairness rules, each from the complaints workers make about rating floors:
- the window is the last 200 rated visits within 180 days, so one bad month long ago is forgotten;
- a low rating whose reason is outside the worker's control (price, the app, a delay the customer
  caused) is not counted;
- habitual harsh raters (a customer whose ratings sit well below everyone else's) count for less;
- few ratings are pulled towards the company's mean (shrinkage), so three visits never decide a
  career;
- complaints count only once upheld after mediation, never as raised.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

VERSION = "2026.12-1"
WINDOW_VISITS = 200
WINDOW_DAYS = 180
LOW_RATING = 2
# Reasons of a low rating that say nothing about the worker's work.
NOT_THE_WORKERS_DOING = frozenset({"price", "app", "customer_delay"})
PUNCTUAL_GRACE = 10 * 60  # seconds
PRIOR_WEIGHT = 5.0  # how many "average" visits a new worker is assumed to have had
HARSH_GAP = 1.0  # a rater whose mean is this far below the company's mean is harsh
HARSH_WEIGHT = 0.5
MIN_RATINGS_TO_JUDGE_RATER = 3

WEIGHTS: Mapping[str, float] = {
    "ratings": 0.45, "punctuality": 0.20, "reliability": 0.20, "complaints": 0.10, "credentials": 0.05,
}
COMPONENTS = tuple(WEIGHTS)


@dataclass(slots=True)
class Visit:
    """One assigned visit of the worker, as the score reads it; times are epoch seconds (the nightly
    run reads them so, see tenant_apps.orders.visit_facts, whose rows have this same shape)."""

    order_id: int
    starts_at: float
    finished_at: float | None = None  # None: not done (dropped by the worker, or a no-show)
    rating: int | None = None  # the customer's overall score, 1..5
    reason: str = ""  # the reason code the customer gave for a low rating
    rater: int | None = None  # the customer's id, to weigh habitual harsh raters
    arrived_at: float | None = None
    cancelled_by_worker: bool = False
    no_show: bool = False


@dataclass(frozen=True, slots=True)
class Standing:
    """What is known about the worker besides visits."""

    upheld_complaints: int = 0
    credentials_valid: bool | None = None  # None: the company requires none


@dataclass(frozen=True, slots=True)
class CompanyNorms:
    """Figures of the whole company that a single worker's figures are judged against."""

    mean_rating: float = 4.5
    rater_means: Mapping[int, tuple[float, int]] = field(default_factory=dict)  # rater -> (mean, count)

    def weight_of(self, rater: int | None) -> float:
        mean, count = self.rater_means.get(rater, (None, 0)) if rater is not None else (None, 0)
        if mean is None or count < MIN_RATINGS_TO_JUDGE_RATER:
            return 1.0
        return HARSH_WEIGHT if mean <= self.mean_rating - HARSH_GAP else 1.0


@dataclass(frozen=True, slots=True)
class Component:
    name: str
    value: float  # 0..1
    weight: float
    counted: int  # visits (or items) the value rests on
    detail: Mapping[str, float | int]

    @property
    def points(self) -> float:
        return round(100 * self.weight * self.value, 1)

    @property
    def room(self) -> float:
        """Points this component could still add to the score."""
        return round(100 * self.weight * (1 - self.value), 1)


@dataclass(frozen=True, slots=True)
class CreditScore:
    score: float  # 0..100
    components: tuple[Component, ...]
    visits_in_window: int
    version: str = VERSION

    def improvements(self) -> list[Component]:
        """The components worth working on, the largest gain first (the "what would raise it")."""
        return sorted((c for c in self.components if c.room >= 1), key=lambda c: -c.room)

    def as_json(self) -> dict:
        return {"version": self.version, "score": self.score, "visits": self.visits_in_window,
                "components": {c.name: {"value": round(c.value, 4), "weight": c.weight, "counted": c.counted,
                                        "points": c.points, "room": c.room, **c.detail} for c in self.components}}


def window(visits: Iterable[Visit], *, now: float) -> list[Visit]:
    """The visits the score reads (`now` in epoch seconds): the last 180 days, and of those at most the
    last 200 rated ones (with the unrated visits of the same stretch)."""
    since = now - WINDOW_DAYS * 86400
    recent = sorted((v for v in visits if since <= v.starts_at <= now), key=lambda v: v.starts_at, reverse=True)
    rated = 0
    kept: list[Visit] = []
    for visit in recent:
        if visit.rating is not None:
            if rated == WINDOW_VISITS:
                break
            rated += 1
        kept.append(visit)
    return kept


def _shrunk(total: float, count: float, prior: float) -> float:
    return (prior * PRIOR_WEIGHT + total) / (PRIOR_WEIGHT + count)


def _ratings(visits: list[Visit], norms: CompanyNorms) -> Component:
    total = weight_sum = 0.0
    counted = excluded = softened = 0
    for visit in visits:
        if visit.rating is None:
            continue
        if visit.rating <= LOW_RATING and visit.reason in NOT_THE_WORKERS_DOING:
            excluded += 1
            continue
        weight = norms.weight_of(visit.rater)
        softened += weight < 1
        total += weight * visit.rating
        weight_sum += weight
        counted += 1
    mean = _shrunk(total, weight_sum, norms.mean_rating)
    return Component("ratings", (mean - 1) / 4, WEIGHTS["ratings"], counted,
                     {"mean": round(mean, 2), "excluded": excluded, "softened": softened})


def _punctuality(visits: list[Visit]) -> Component:
    timed = [v for v in visits if v.arrived_at is not None]
    late = sum(1 for v in timed if v.arrived_at > v.starts_at + PUNCTUAL_GRACE)
    value = _shrunk(len(timed) - late, len(timed), 0.9)
    return Component("punctuality", value, WEIGHTS["punctuality"], len(timed), {"late": late})


def _reliability(visits: list[Visit]) -> Component:
    cancelled = sum(1 for v in visits if v.cancelled_by_worker)
    no_shows = sum(1 for v in visits if v.no_show)
    kept = len(visits) - cancelled - no_shows
    # A no-show weighs twice a cancellation: a customer waited at home for nobody.
    value = max(0.0, _shrunk(kept - no_shows, len(visits), 1.0))
    return Component("reliability", value, WEIGHTS["reliability"], len(visits),
                     {"cancelled": cancelled, "no_shows": no_shows})


def _complaints(upheld: int, visits: int) -> Component:
    value = max(0.0, 1.0 - 0.25 * upheld)
    return Component("complaints", value, WEIGHTS["complaints"], visits, {"upheld": upheld})


def _credentials(valid: bool | None) -> Component:
    value = 1.0 if valid in (True, None) else 0.0
    return Component("credentials", value, WEIGHTS["credentials"], 0, {"required": int(valid is not None)})


def score_worker(visits: Iterable[Visit], standing: Standing, norms: CompanyNorms, *, now: float) -> CreditScore:
    kept = window(visits, now=now)
    components = (_ratings(kept, norms), _punctuality(kept), _reliability(kept),
                  _complaints(standing.upheld_complaints, len(kept)), _credentials(standing.credentials_valid))
    score = round(sum(c.weight * c.value for c in components) * 100, 1)
    return CreditScore(score=score, components=components, visits_in_window=len(kept))


def company_norms(visits: Iterable[Visit]) -> CompanyNorms:
    """The company's mean rating and each rater's mean, over the visits of all its workers."""
    by_rater: dict[int, list[int]] = {}
    total = count = 0
    for visit in visits:
        if visit.rating is None:
            continue
        total += visit.rating
        count += 1
        if visit.rater is not None:
            by_rater.setdefault(visit.rater, []).append(visit.rating)
    mean = total / count if count else 4.5
    return CompanyNorms(mean_rating=mean,
                        rater_means={r: (sum(v) / len(v), len(v)) for r, v in by_rater.items()})
