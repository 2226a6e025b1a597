"""The credit score's arithmetic on crafted histories: what counts, what is forgiven, what is softened."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tenant_apps.quality.scoring import (
    CompanyNorms,
    Standing,
    Visit,
    company_norms,
    score_worker,
    window,
)

NOW_AT = datetime(2026, 12, 1, 12, tzinfo=UTC)
NOW = NOW_AT.timestamp()


def visits(n: int, *, rating: int | None = 5, reason: str = "", rater: int | None = None, days_ago: int = 1,
           late_minutes: int = 0, first_id: int = 0, **flags) -> list[Visit]:
    start = NOW_AT - timedelta(days=days_ago)
    starts = [(start - timedelta(minutes=i)).timestamp() for i in range(n)]
    return [Visit(order_id=first_id + i, starts_at=at, finished_at=at + 7200,
                  rating=rating, reason=reason, rater=rater if rater is not None else 1000 + first_id + i,
                  arrived_at=at + 60 * late_minutes, **flags) for i, at in enumerate(starts)]


def component(score, name):
    return next(c for c in score.components if c.name == name)


def test_a_low_rating_for_the_price_or_the_app_is_not_counted_against_the_worker():
    good = visits(30)
    blamed = score_worker(good + visits(5, rating=1, reason="quality", first_id=100), Standing(), CompanyNorms(),
                          now=NOW)
    forgiven = score_worker(good + visits(5, rating=1, reason="price", first_id=100), Standing(), CompanyNorms(),
                            now=NOW)
    assert forgiven.score > blamed.score
    assert component(forgiven, "ratings").detail["excluded"] == 5
    assert component(forgiven, "ratings").counted == 30
    assert component(blamed, "ratings").counted == 35


def test_few_ratings_are_pulled_to_the_company_mean_so_one_bad_visit_does_not_decide():
    norms = CompanyNorms(mean_rating=4.5)
    one_bad = score_worker(visits(1, rating=1, reason="quality"), Standing(), norms, now=NOW)
    many_bad = score_worker(visits(40, rating=1, reason="quality"), Standing(), norms, now=NOW)
    mean_one = component(one_bad, "ratings").detail["mean"]
    assert 3.8 < mean_one < 4.5
    assert component(many_bad, "ratings").detail["mean"] < 1.5
    assert one_bad.score > many_bad.score + 20


def test_a_habitually_harsh_rater_counts_for_less():
    harsh = 7
    norms = company_norms(visits(50, rating=5) + visits(6, rating=2, reason="quality", rater=harsh, first_id=500))
    assert norms.weight_of(harsh) < 1
    history = visits(10, rating=5) + visits(3, rating=2, reason="quality", rater=harsh, first_id=900)
    with_norms = score_worker(history, Standing(), norms, now=NOW)
    plain = score_worker(history, Standing(), CompanyNorms(mean_rating=norms.mean_rating), now=NOW)
    assert component(with_norms, "ratings").detail["softened"] == 3
    assert with_norms.score > plain.score


def test_the_window_keeps_the_last_200_rated_visits_within_180_days():
    old = visits(50, rating=1, reason="quality", days_ago=200, first_id=0)
    recent = visits(250, rating=5, first_id=1000)
    kept = window(old + recent, now=NOW)
    assert len(kept) == 200
    assert all(v.rating == 5 for v in kept)
    assert score_worker(old + recent, Standing(), CompanyNorms(), now=NOW).visits_in_window == 200


def test_late_arrivals_lower_punctuality_and_say_how_many():
    on_time = score_worker(visits(20), Standing(), CompanyNorms(), now=NOW)
    late = score_worker(visits(10) + visits(10, late_minutes=25, first_id=50), Standing(), CompanyNorms(), now=NOW)
    assert component(late, "punctuality").detail["late"] == 10
    assert component(late, "punctuality").value < component(on_time, "punctuality").value
    assert late.improvements()[0].name == "punctuality"


def test_a_no_show_costs_more_than_a_cancellation():
    base = visits(20)
    cancelled = score_worker(base + visits(2, rating=None, cancelled_by_worker=True, first_id=70), Standing(),
                             CompanyNorms(), now=NOW)
    no_show = score_worker(base + visits(2, rating=None, no_show=True, first_id=70), Standing(), CompanyNorms(),
                           now=NOW)
    assert no_show.score < cancelled.score < score_worker(base, Standing(), CompanyNorms(), now=NOW).score


def test_only_upheld_complaints_and_invalid_credentials_lower_the_score():
    history = visits(20)
    clean = score_worker(history, Standing(), CompanyNorms(), now=NOW)
    upheld = score_worker(history, Standing(upheld_complaints=2), CompanyNorms(), now=NOW)
    expired = score_worker(history, Standing(credentials_valid=False), CompanyNorms(), now=NOW)
    assert upheld.score == clean.score - 5.0
    assert expired.score == clean.score - 5.0
    assert [c.name for c in expired.improvements()][:1] == ["credentials"]


def test_the_stored_form_carries_every_component_and_the_version():
    stored = score_worker(visits(5), Standing(), CompanyNorms(), now=NOW).as_json()
    assert set(stored["components"]) == {"ratings", "punctuality", "reliability", "complaints", "credentials"}
    assert stored["version"]
    assert sum(c["points"] for c in stored["components"].values()) == stored["score"]
