"""The platform console sees every company's sanctions and insurance claims from the public lists
the companies write in the same transaction, without entering a company's schema."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from shared_apps.console.models import ClaimRecord, SanctionRecord
from shared_apps.core.errors import DomainError
from tenant_apps.aftersales.services import claims, mediation
from tenant_apps.orders.selectors import worker_profile_of_user
from tenant_apps.quality.models import SanctionGround, SanctionLevel
from tenant_apps.quality.services.sanctions import SanctionInput, appeal_sanction, issue_sanction
from tests.aftersales.conftest import CaseWorld


def console(user) -> Client:
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_the_console_lists_sanctions_and_claims_of_every_company(people):
    world = CaseWorld(people)
    worker = worker_profile_of_user(people.worker_a)
    warning = issue_sanction(actor=people.owner_a, worker=worker, sanction=SanctionInput(
        level=SanctionLevel.WARNING, ground=SanctionGround.NO_SHOWS, note="Two visits not come to"))
    appeal_sanction(actor=people.worker_a, worker=worker, sanction=warning, statement="The app crashed")
    case = world.report(world.done_order())
    mediation.acknowledge_case(actor=people.owner_a, case=case)
    claim = claims.claim_damage(actor=people.owner_a, case=case, amount_fen=50_000)

    row = SanctionRecord.objects.get(company=people.company_a, sanction_id=warning.pk)
    assert (row.user_id, row.level_name, row.appeal_status) == (people.worker_a.pk, "Warning", "waiting")
    assert ClaimRecord.objects.get(company=people.company_a, claim_id=claim.pk).amount_fen == 50_000

    html = console(people.operator).get("/console/quality/").content.decode()
    assert f'data-sanction="{warning.pk}" data-company="alpha"' in html and "Alpha Cleaning" in html
    assert f'data-claim="{claim.pk}"' in html and "¥500.00" in html


def test_only_operators_see_the_console_quality_page(people):
    answer = console(people.owner_a).get("/console/quality/")
    assert answer.status_code in (302, 403)


def test_a_refused_sanction_leaves_no_console_row(people):
    CaseWorld(people)  # in company A's schema
    worker = worker_profile_of_user(people.worker_a)
    with pytest.raises(DomainError):  # the ladder refuses it
        issue_sanction(actor=people.owner_a, worker=worker, sanction=SanctionInput(
            level=SanctionLevel.REMOVAL, ground=SanctionGround.CREDIT_SCORE, note="Low", value=Decimal(10)))
    assert not SanctionRecord.objects.exists()
