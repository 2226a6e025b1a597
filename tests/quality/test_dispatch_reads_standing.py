"""Dispatch ranks by the credit score, and a "reduced dispatch" sanction puts the worker after everyone."""
from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from shared_apps.core.actor import SYSTEM
from tenant_apps.orders.candidates import rank_candidates
from tenant_apps.quality.models import SanctionGround, SanctionLevel
from tenant_apps.quality.services.sanctions import SanctionInput, issue_sanction
from tenant_apps.workforce.credit import ComputedScore, store_credit_scores


def _scores(**by_worker):
    store_credit_scores(actor=SYSTEM, computed_at=timezone.now(), scores=[
        ComputedScore(worker_id=worker.pk, score=score, components={}, version="t", visits=10)
        for worker, score in by_worker.values()])


def _ranked(world):
    order = world.book(hour=10)
    ranking = rank_candidates(order, now=timezone.now())
    return [c.worker_id for c in ranking.candidates], {c.worker_id: c for c in ranking.candidates}


def test_a_higher_credit_score_ranks_higher_and_says_so(world):
    _scores(low=(world.worker1, 40.0), high=(world.worker2, 90.0))
    order, by_id = _ranked(world)
    assert order.index(world.worker2.pk) < order.index(world.worker1.pk)
    rating = {r.name: r for r in by_id[world.worker2.pk].reasons}["rating"]
    assert rating.value == 0.9 and "Credit score 90.0" in rating.detail


def test_a_reduced_dispatch_sanction_puts_the_worker_after_everyone(world):
    _scores(low=(world.worker1, 40.0), high=(world.worker2, 90.0))
    for level in (SanctionLevel.WARNING, SanctionLevel.RETRAINING, SanctionLevel.REDUCED_DISPATCH):
        issue_sanction(actor=world.people.owner_a, worker=world.worker2, sanction=SanctionInput(
            level=level, ground=SanctionGround.COMPLAINTS, note="Three upheld complaints", metric="Upheld complaints",
            threshold=Decimal(2), value=Decimal(3)))
    order, by_id = _ranked(world)
    assert order[-1] == world.worker2.pk
    assert "Reduced dispatch" in {r.name: r for r in by_id[world.worker2.pk].reasons}["rating"].detail
