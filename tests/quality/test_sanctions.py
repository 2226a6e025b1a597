"""Sanctions and appeals: the ladder cannot skip a step (but safety and fraud can), each step has its
effect on dispatch, an appeal is the sanctioned worker's, once, and is decided by someone other than
the sanction's issuer; upholding it undoes the sanction."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from shared_apps.changes.models import Change
from shared_apps.core.errors import DomainError
from tenant_apps.people.models import StaffRole
from tenant_apps.people.services import invite_staff_member
from tenant_apps.quality.models import AppealStatus, SanctionGround, SanctionLevel, SanctionStatus
from tenant_apps.quality.services.sanctions import SanctionInput, appeal_sanction, decide_appeal, issue_sanction
from tenant_apps.workforce.models import WorkerProfile, WorkerStatus

L = SanctionLevel


@pytest.fixture
def worker(people, in_schema):
    from tenant_apps.orders.selectors import worker_profile_of_user

    with in_schema(people.company_a.schema_name):
        yield worker_profile_of_user(people.worker_a)


@pytest.fixture
def admin(people):
    from shared_apps.accounts.models import User

    invite_staff_member(actor=people.owner_a, company=people.company_a, phone="+8613800138077", role=StaffRole.ADMIN,
                        display_name="Ada Admin")
    return User.objects.get(phone="+8613800138077")


def step(level, ground=SanctionGround.CREDIT_SCORE, **figures):
    return SanctionInput(level=level, ground=ground, note="Three late arrivals this month", metric="Credit score",
                         threshold=Decimal("60"), value=Decimal("52.5"), **figures)


def test_the_ladder_cannot_skip_a_step(people, worker):
    issue_sanction(actor=people.owner_a, worker=worker, sanction=step(L.WARNING))
    with pytest.raises(DomainError) as skipped:
        issue_sanction(actor=people.owner_a, worker=worker, sanction=step(L.REDUCED_DISPATCH))
    assert skipped.value.code == "sanction_skips_a_step" and "Retraining" in skipped.value.message
    issue_sanction(actor=people.owner_a, worker=worker, sanction=step(L.RETRAINING))
    issue_sanction(actor=people.owner_a, worker=worker, sanction=step(L.REDUCED_DISPATCH))
    assert WorkerProfile.objects.get(pk=worker.pk).dispatch_reduced is True
    assert Change.objects.filter(action="sanction.issued").count() == 3


def test_removal_needs_a_warning_and_retraining_first(people, worker):
    with pytest.raises(DomainError):
        issue_sanction(actor=people.owner_a, worker=worker, sanction=step(L.REMOVAL))
    assert WorkerProfile.objects.get(pk=worker.pk).status == WorkerStatus.ACTIVE


@pytest.mark.parametrize("ground", [SanctionGround.SAFETY, SanctionGround.FRAUD])
def test_safety_or_fraud_suspends_at_once(people, worker, ground):
    issue_sanction(actor=people.owner_a, worker=worker, sanction=step(L.SUSPENSION, ground=ground))
    assert WorkerProfile.objects.get(pk=worker.pk).status == WorkerStatus.SUSPENDED


def test_an_overturned_step_does_not_count_towards_the_next(people, worker, admin):
    warning = issue_sanction(actor=people.owner_a, worker=worker, sanction=step(L.WARNING))
    appeal = appeal_sanction(actor=people.worker_a, worker=worker, sanction=warning, statement="I was on time")
    decide_appeal(actor=admin, appeal=appeal, upheld=True, decision="The arrival log shows on time")
    with pytest.raises(DomainError):
        issue_sanction(actor=people.owner_a, worker=worker, sanction=step(L.RETRAINING))


def test_the_issuer_cannot_decide_the_appeal_someone_else_does(people, worker, admin):
    issue_sanction(actor=people.owner_a, worker=worker, sanction=step(L.WARNING))
    issue_sanction(actor=people.owner_a, worker=worker, sanction=step(L.RETRAINING))
    reduced = issue_sanction(actor=people.owner_a, worker=worker, sanction=step(L.REDUCED_DISPATCH))
    appeal = appeal_sanction(actor=people.worker_a, worker=worker, sanction=reduced,
                             statement="The late arrivals were the customer's gate", evidence="Orders 12, 14")

    with pytest.raises(DomainError) as same:
        decide_appeal(actor=people.owner_a, appeal=appeal, upheld=True, decision="Fine")
    assert same.value.code == "appeal_same_decider" and same.value.status == 403
    decided = decide_appeal(actor=admin, appeal=appeal, upheld=True, decision="Gate code was wrong")

    assert decided.status == AppealStatus.UPHELD and decided.decided_by == admin
    reduced.refresh_from_db()
    assert reduced.status == SanctionStatus.OVERTURNED
    assert WorkerProfile.objects.get(pk=worker.pk).dispatch_reduced is False
    with pytest.raises(DomainError):
        decide_appeal(actor=admin, appeal=appeal, upheld=False, decision="Changed my mind")


def test_a_rejected_appeal_leaves_the_suspension(people, worker, admin):
    suspension = issue_sanction(actor=people.owner_a, worker=worker, sanction=step(L.SUSPENSION,
                                                                                   ground=SanctionGround.SAFETY))
    appeal = appeal_sanction(actor=people.worker_a, worker=worker, sanction=suspension, statement="Not me")
    decide_appeal(actor=admin, appeal=appeal, upheld=False, decision="Two customers reported it")
    assert WorkerProfile.objects.get(pk=worker.pk).status == WorkerStatus.SUSPENDED


def test_an_upheld_appeal_lifts_the_suspension(people, worker, admin):
    suspension = issue_sanction(actor=people.owner_a, worker=worker, sanction=step(L.SUSPENSION,
                                                                                   ground=SanctionGround.SAFETY))
    appeal = appeal_sanction(actor=people.worker_a, worker=worker, sanction=suspension, statement="Not me")
    decide_appeal(actor=admin, appeal=appeal, upheld=True, decision="Wrong worker named")
    assert WorkerProfile.objects.get(pk=worker.pk).status == WorkerStatus.ACTIVE


def test_one_appeal_per_sanction_and_only_by_its_worker(people, worker):
    from tenant_apps.orders.selectors import worker_profile_of_user

    warning = issue_sanction(actor=people.owner_a, worker=worker, sanction=step(L.WARNING))
    other = worker_profile_of_user(people.shared_worker)
    with pytest.raises(DomainError) as not_theirs:
        appeal_sanction(actor=people.shared_worker, worker=other, sanction=warning, statement="Unfair")
    assert not_theirs.value.status == 404
    appeal_sanction(actor=people.worker_a, worker=worker, sanction=warning, statement="Unfair")
    with pytest.raises(DomainError) as twice:
        appeal_sanction(actor=people.worker_a, worker=worker, sanction=warning, statement="Still unfair")
    assert twice.value.code == "sanction_already_appealed"


# ---- pages ---------------------------------------------------------------------------------------

def office(people, user=None) -> Client:
    client = Client(HTTP_HOST=f"{people.company_a.slug}.localhost", HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user or people.owner_a)
    return client


def test_the_office_page_refuses_a_skipped_step_with_the_reason(people, worker):
    answer = office(people).post("/office/quality/sanctions/", {
        "s-worker": worker.pk, "s-level": L.SUSPENSION, "s-ground": SanctionGround.CREDIT_SCORE,
        "s-metric": "Credit score", "s-threshold": "60", "s-value": "41", "s-note": "Low score"})
    assert answer.status_code == 400
    assert "cannot skip a step" in answer.content.decode()


def test_a_dispatcher_cannot_issue_sanctions(people, worker):
    answer = office(people, people.dispatcher_a).post("/office/quality/sanctions/", {
        "s-worker": worker.pk, "s-level": L.WARNING, "s-ground": SanctionGround.CREDIT_SCORE, "s-note": "x"})
    assert answer.status_code == 403


def test_the_worker_appeals_from_the_score_page(people, worker, in_schema):
    warning = issue_sanction(actor=people.owner_a, worker=worker, sanction=step(L.WARNING))
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(people.worker_a)
    page = client.get("/worker/score/").content.decode()
    assert "Credit score: 52.50 (threshold 60.00)" in page
    prefix = f"a{people.company_a.pk}-{warning.pk}"
    url = f"/worker/score/{people.company_a.pk}/sanctions/{warning.pk}/appeal/"

    empty = client.post(url, {f"{prefix}-statement": " "})
    sent = client.post(url, {f"{prefix}-statement": "The customer moved the time", f"{prefix}-evidence": "#12"})

    assert empty.status_code == 400
    assert sent.status_code == 302
    assert "Waiting for a decision" in client.get("/worker/score/").content.decode()
    other = Client(HTTP_HOST="localhost")
    other.force_login(people.shared_worker)
    assert other.post(url, {f"{prefix}-statement": "x"}).status_code == 404


def test_the_worker_is_told_of_the_sanction_and_of_the_decision(people, worker, admin):
    from shared_apps.notifications.messages import render
    from shared_apps.notifications.models import Outbox

    warning = issue_sanction(actor=people.owner_a, worker=worker, sanction=step(L.WARNING))
    appeal = appeal_sanction(actor=people.worker_a, worker=worker, sanction=warning, statement="Unfair")
    decide_appeal(actor=admin, appeal=appeal, upheld=False, decision="The log shows it.")

    told = {row.kind: row for row in Outbox.objects.filter(user=people.worker_a, kind__in=("sanction.issued",
                                                                                          "appeal.decided"))}
    assert set(told) == {"sanction.issued", "appeal.decided"}
    title, _body = render("sanction.issued", told["sanction.issued"].context, language="zh-hans")
    assert title.startswith("警告")
    _title, body = render("appeal.decided", told["appeal.decided"].context, language="en")
    assert "rejected, the sanction stands." in body and "The log shows it." in body
