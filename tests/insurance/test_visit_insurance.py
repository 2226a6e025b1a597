"""Visit insurance: a policy bound when the worker accepts (its premium in the ledger) and ended when
the visit is done; a damage case becomes a claim with its evidence, before its deadline, its status
from the (sandbox) insurer; a customer who claims often is flagged."""
from __future__ import annotations

from datetime import timedelta

import pytest

from shared_apps.core.actor import SYSTEM
from shared_apps.core.errors import DomainError
from tenant_apps.aftersales.services import claims, mediation
from tenant_apps.insurance.models import Policy, PolicyStatus
from tenant_apps.ledger.models import AccountKind
from tenant_apps.ledger.selectors import balance_of, ledger_total
from tenant_apps.orders.services import booking, lifecycle
from tests.aftersales.conftest import CaseWorld, jpeg_with_exif
from tests.aftersales.test_pages import page_client


@pytest.fixture
def world(people):
    return CaseWorld(people)


def test_accepting_binds_a_policy_with_its_premium_and_finishing_ends_it(world, settings):
    settings.INSURANCE_PREMIUM_BP = 150  # 1.5 %
    order = booking.mark_order_paid(actor=SYSTEM, order=world.book())
    assert not Policy.objects.filter(order_id=order.pk).exists()  # offered, not accepted: not covered yet
    worker, user = order.worker, order.worker.staff_member.user

    order = lifecycle.accept_task(actor=user, worker=worker, order=order)

    policy = Policy.objects.get(order_id=order.pk)
    assert policy.status == PolicyStatus.BOUND and policy.worker_id == worker.pk
    assert policy.premium_fen == round(order.total * 0.015)
    assert balance_of(kind=AccountKind.INSURANCE_PAYABLE) == policy.premium_fen
    assert balance_of(kind=AccountKind.INSURANCE_EXPENSE) == -policy.premium_fen
    assert ledger_total() == 0

    complete_from_accepted(order)
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.ENDED and policy.ended_at is not None


def complete_from_accepted(order):
    from tenant_apps.orders.models import Order
    from tests.workforce.builders import SHANGHAI

    order = Order.objects.select_related("worker__staff_member__user").get(pk=order.pk)
    worker, user, at = order.worker, order.worker.staff_member.user, order.starts_at
    order = lifecycle.set_off(actor=user, worker=worker, order=order, eta_minutes=5, now=at)
    order = lifecycle.arrive(actor=user, worker=worker, order=order, location=(SHANGHAI.latitude, SHANGHAI.longitude),
                             now=at)
    order = lifecycle.start_service(actor=user, worker=worker, order=order, now=at)
    return lifecycle.complete_task(actor=user, worker=worker, order=order, now=order.ends_at)


def test_cancelling_an_accepted_visit_ends_its_policy(world):
    order = booking.mark_order_paid(actor=SYSTEM, order=world.book())
    order = lifecycle.accept_task(actor=order.worker.staff_member.user, worker=order.worker, order=order)
    lifecycle.cancel_order(actor=world.people.owner_a, order=order, role="office", expected_fee=0, reason="Rain")
    assert Policy.objects.get(order_id=order.pk).status == PolicyStatus.ENDED


def test_a_damage_case_becomes_a_claim_with_its_evidence_and_the_insurer_answers(world):
    order = world.done_order(photos=[jpeg_with_exif("done.jpg")])
    case = world.report(order, photos=[jpeg_with_exif()])
    mediation.acknowledge_case(actor=world.people.owner_a, case=case)

    claim = claims.claim_damage(actor=world.people.owner_a, case=case, amount_fen=80_000)

    assert claim.status == "submitted" and claim.insurer_reference.startswith("SBX-C-")
    assert claim.evidence["photo_ids"] == list(order.photos.values_list("pk", flat=True))
    assert claim.evidence["case_photo_ids"] == list(case.photos.values_list("pk", flat=True))
    assert claim.evidence["arrival"]["latitude"].startswith("31.")
    assert claims.claim_damage(actor=world.people.owner_a, case=case, amount_fen=80_000).pk == claim.pk
    assert case.events.filter(action="file_claim").count() == 1

    checked = claims.check_claim(actor=world.people.owner_a, case=case)
    assert checked.status == "approved" and checked.approved_fen == 80_000


def test_a_claim_above_the_cover_is_rejected_and_a_quality_case_is_no_claim(world, settings):
    settings.INSURANCE_SANDBOX_COVER_FEN = 50_000
    damage = world.report(world.done_order(hour=9))
    claims.claim_damage(actor=world.people.owner_a, case=damage, amount_fen=90_000)
    assert claims.check_claim(actor=world.people.owner_a, case=damage).status == "rejected"

    quality = world.report(world.done_order(hour=12), category="quality")
    with pytest.raises(DomainError) as refused:
        claims.claim_damage(actor=world.people.owner_a, case=quality, amount_fen=1000)
    assert refused.value.code == "not_a_damage_case"


def test_the_claim_deadline_and_an_insurer_that_is_down(world):
    order = world.done_order()
    case = world.report(order, description="Scratched floor [insurer down]")
    with pytest.raises(DomainError) as down:
        claims.claim_damage(actor=world.people.owner_a, case=case, amount_fen=1000)
    assert down.value.status == 503
    assert not case.events.filter(action="file_claim").exists()

    late = world.report(world.done_order(hour=14))
    policy = Policy.objects.get(order_id=late.order_id)
    with pytest.raises(DomainError) as too_late:
        claims.claim_damage(actor=world.people.owner_a, case=late, amount_fen=1000,
                            now=policy.ended_at + timedelta(days=31))
    assert too_late.value.code == "claim_deadline_passed"


def test_the_third_claim_in_a_year_flags_a_serial_claimant(world):
    flags = []
    for hour in (9, 12, 15):
        case = world.report(world.done_order(hour=hour))
        flags.append(claims.claim_damage(actor=world.people.owner_a, case=case, amount_fen=1000).serial_claimant)
    assert flags == [False, False, True]


def test_the_case_page_shows_the_checklist_and_deadline_first_then_files_the_claim(world):
    order = world.done_order()
    case = world.report(order)
    office = page_client(world.company, world.people.owner_a)
    page = office.get(f"/office/cases/{case.pk}/").content.decode()
    assert "Claim before" in page and "Photos of the damage" in page
    bad = office.post(f"/office/cases/{case.pk}/claim/", {"claim-amount": ""})
    assert bad.status_code == 400
    assert office.post(f"/office/cases/{case.pk}/claim/", {"claim-amount": "300.00"}).status_code == 302
    assert 'data-status="submitted"' in office.get(f"/office/cases/{case.pk}/").content.decode()
    office.post(f"/office/cases/{case.pk}/claim/check/")
    assert 'data-status="approved"' in office.get(f"/office/cases/{case.pk}/").content.decode()
