"""Recomputing credit scores from real visits (orders walked through the real services), and the
worker's Score page that explains them."""
from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from shared_apps.changes.models import Change
from shared_apps.core.actor import SYSTEM
from tenant_apps.quality.services.credit import recompute_credit_scores
from tenant_apps.workforce.models import CreditScore, WorkerProfile
from tests.quality.conftest import complete


def _accepted(world, hour: int):
    from tenant_apps.orders.services import booking, lifecycle

    order = booking.mark_order_paid(actor=SYSTEM, order=world.book(hour=hour), reference=f"pay{hour}")
    worker = order.worker
    return lifecycle.accept_task(actor=worker.staff_member.user, worker=worker, order=order), worker


def test_every_worker_gets_a_score_with_its_components_and_one_change_row(world):
    done = complete(world, hour=10)
    later = done.ends_at + timedelta(days=1)

    stored = recompute_credit_scores(actor=SYSTEM, now=later)

    assert stored == WorkerProfile.objects.count()  # every worker, those without visits at the neutral start
    score = CreditScore.objects.get(worker=done.worker)
    assert score.visits == 1
    assert set(score.components["components"]) == {"ratings", "punctuality", "reliability", "complaints",
                                                   "credentials"}
    assert score.components["components"]["punctuality"]["late"] == 0
    assert Change.objects.filter(action="credit_score.recomputed").count() == 1


def test_a_visit_dropped_after_accepting_lowers_only_that_workers_score(world):
    from tenant_apps.orders.services import lifecycle

    order, worker = _accepted(world, hour=14)
    lifecycle.decline_task(actor=worker.staff_member.user, worker=worker, order=order, reason="Car broke down")
    recompute_credit_scores(actor=SYSTEM, now=order.ends_at + timedelta(days=1))

    dropped = CreditScore.objects.get(worker=worker)
    other = CreditScore.objects.get(worker=world.worker2 if worker == world.worker1 else world.worker1)
    assert dropped.components["components"]["reliability"]["cancelled"] == 1
    assert dropped.score < other.score


def test_a_second_run_keeps_the_score_before_it(world):
    done = complete(world, hour=10)
    recompute_credit_scores(actor=SYSTEM, now=done.ends_at + timedelta(days=1))
    first = CreditScore.objects.get(worker=done.worker).score
    recompute_credit_scores(actor=SYSTEM, now=done.ends_at + timedelta(days=2))
    assert CreditScore.objects.get(worker=done.worker).previous_score == first


def test_one_workers_recompute_reads_the_company_norms_but_writes_one_row(world):
    done = complete(world, hour=10)
    assert recompute_credit_scores(actor=SYSTEM, now=done.ends_at + timedelta(days=1),
                                   worker_ids=[done.worker.pk]) == 1
    assert CreditScore.objects.count() == 1


@pytest.mark.parametrize("language,heading", [("en", "What would raise it"), ("zh-hans", "怎样提高")])
def test_the_worker_reads_their_score_and_what_would_raise_it(world, language, heading):
    from tenant_apps.orders.services import lifecycle

    order, worker = _accepted(world, hour=14)
    lifecycle.decline_task(actor=worker.staff_member.user, worker=worker, order=order, reason="Ill")
    recompute_credit_scores(actor=SYSTEM, now=order.ends_at + timedelta(days=1))
    score = CreditScore.objects.get(worker=worker).score
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(worker.staff_member.user)

    html = client.get("/worker/score/").content.decode()

    assert world.company.name in html and heading in html
    assert f'data-figure="score">{score}<' in html
    assert 'data-advice="reliability"' in html


def test_the_score_page_needs_a_signed_in_worker(db):
    response = Client(HTTP_HOST="localhost").get("/worker/score/")
    assert response.status_code == 302 and "/login" in response["Location"]


def _reviewed(world, *, hour: int, overall: int, reason: str = ""):
    from tenant_apps.reviews.services import Scores, post_review

    done = complete(world, hour=hour)
    post_review(actor=world.people.customer_a, order=done, now=done.ends_at + timedelta(hours=1),
                scores=Scores(quality=overall, attitude=overall, skill=overall, overall=overall, low_reason=reason))
    return done


def test_a_low_review_for_the_price_is_not_counted_one_for_the_work_is(world):
    from tenant_apps.quality.scoring import NOT_THE_WORKERS_DOING
    from tenant_apps.reviews.models import OUTSIDE_WORKER_CONTROL

    assert {str(r) for r in OUTSIDE_WORKER_CONTROL} == NOT_THE_WORKERS_DOING  # the two apps agree on the codes
    price = _reviewed(world, hour=10, overall=1, reason="price")
    recompute_credit_scores(actor=SYSTEM, now=price.ends_at + timedelta(days=1), worker_ids=[price.worker.pk])
    ratings = CreditScore.objects.get(worker=price.worker).components["components"]["ratings"]
    assert ratings["excluded"] == 1 and ratings["counted"] == 0

    work = _reviewed(world, hour=14, overall=1, reason="quality")
    recompute_credit_scores(actor=SYSTEM, now=work.ends_at + timedelta(days=1), worker_ids=[work.worker.pk])
    ratings = CreditScore.objects.get(worker=work.worker).components["components"]["ratings"]
    assert ratings["counted"] == 1  # the price review of the same worker (if it was theirs) still left out
    assert ratings["mean"] < 4.5


def test_the_office_sees_ratings_by_worker_and_service_by_month(world):
    done = _reviewed(world, hour=10, overall=4)
    client = Client(HTTP_HOST=f"{world.company.slug}.localhost", HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(world.people.owner_a)

    html = client.get("/office/quality/").content.decode()

    assert f'data-worker="{done.worker.pk}"' in html and f'data-service="{world.service.pk}"' in html
    assert "4.0 <span class=\"muted\">(1)</span>" in html


def test_only_a_complaint_upheld_after_mediation_counts(people):
    from tenant_apps.aftersales.services import mediation
    from tests.aftersales.conftest import CaseWorld

    world = CaseWorld(people)
    raised = world.report(world.done_order(), category="quality")
    upheld = world.report(world.done_order(hour=14), category="quality")
    owner = people.owner_a
    for case in (raised, upheld):
        mediation.acknowledge_case(actor=owner, case=case)
    mediation.propose_remedy(actor=owner, case=upheld, kind="credit", bearer="company", amount_fen=1000)
    mediation.answer_remedy(actor=people.customer_a, case=upheld, accept=True)

    recompute_credit_scores(actor=SYSTEM, now=upheld.order.ends_at + timedelta(days=1))

    counts = {w: CreditScore.objects.get(worker_id=w).components["components"]["complaints"]["upheld"]
              for w in {raised.worker_id, upheld.worker_id}}
    assert counts[upheld.worker_id] >= 1
    if raised.worker_id != upheld.worker_id:
        assert counts[raised.worker_id] == 0
    else:
        assert counts[upheld.worker_id] == 1


def test_the_nightly_run_scores_every_company_then_each_persons_platform_score(people, in_schema):
    from shared_apps.standing.models import PlatformScore
    from tenant_apps.orders.selectors import worker_profile_of_user
    from tenant_apps.quality.tasks import recompute_credit_scores as nightly
    from tenant_apps.workforce.credit import ComputedScore, store_credit_scores

    now = timezone.now()
    for company, score, visits in ((people.company_a, 80.0, 30), (people.company_b, 40.0, 10)):
        with in_schema(company.schema_name):
            nightly_worker = worker_profile_of_user(people.shared_worker)
            store_credit_scores(actor=SYSTEM, computed_at=now, scores=[ComputedScore(
                worker_id=nightly_worker.pk, score=score, components={}, version="t", visits=visits)])


    from tenant_apps.quality import services  # noqa: F401  (the task imports it lazily)

    with mock.patch("tenant_apps.quality.services.credit.recompute_credit_scores", return_value=0):
        nightly()

    platform = PlatformScore.objects.get(user=people.shared_worker)
    assert (float(platform.score), platform.companies, platform.visits) == (70.0, 2, 40)  # (80×30 + 40×10) / 40
