"""Background checks: consent first, the sandbox provider's outcomes, disputes, yearly re-checks and
the badge (issue 18 point 3)."""
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from shared_apps.core.actor import SYSTEM
from shared_apps.core.errors import DomainError, ValidationFailed
from shared_apps.credentials.background_checks import (
    decide_dispute,
    dispute_background_check,
    refresh_background_check,
    request_background_check,
    request_yearly_rechecks,
    submit_background_check,
    sweep_background_checks,
)
from shared_apps.credentials.models import BackgroundCheck, CheckStatus, DisputeStatus
from shared_apps.credentials.selectors import badges_for
from shared_apps.notifications.models import Outbox


def finished_check(worker, settings, outcome="pass") -> BackgroundCheck:
    """A check the worker consented to, handed to the sandbox and finished with `outcome`."""
    settings.BACKGROUND_CHECK_SANDBOX_OUTCOME = outcome
    settings.BACKGROUND_CHECK_SANDBOX_SECONDS = 0
    check = request_background_check(actor=worker, consent=True)
    submit_background_check(actor=SYSTEM, check_id=check.pk)
    refresh_background_check(actor=SYSTEM, check_id=check.pk)
    check.refresh_from_db()
    return check


def badges(worker) -> list[str]:
    return [code for code, _ in badges_for([worker.pk]).get(worker.pk, [])]


def test_no_check_is_requested_without_consent(people):
    with pytest.raises(ValidationFailed) as caught:
        request_background_check(actor=people.worker_a, consent=False)
    assert "consent" in caught.value.fields
    assert not BackgroundCheck.objects.filter(worker=people.worker_a).exists()
    with pytest.raises(IntegrityError), transaction.atomic():  # the database holds the rule too
        BackgroundCheck.objects.create(worker=people.worker_a, status=CheckStatus.REQUESTED)


def test_the_check_runs_at_the_provider_until_it_finishes_and_keeps_only_result_date_and_reference(
        people, settings):
    settings.BACKGROUND_CHECK_SANDBOX_SECONDS = 3600
    before = timezone.now()
    check = request_background_check(actor=people.worker_a, consent=True)
    assert check.status == CheckStatus.REQUESTED
    assert before <= check.consented_at <= timezone.now() and "criminal record" in check.consent_text

    check = submit_background_check(actor=SYSTEM, check_id=check.pk)
    assert check.status == CheckStatus.IN_PROGRESS and check.reference.startswith("SBX-BG-")
    assert refresh_background_check(actor=SYSTEM, check_id=check.pk).status == CheckStatus.IN_PROGRESS

    settings.BACKGROUND_CHECK_SANDBOX_SECONDS = 0  # the provider has finished
    assert sweep_background_checks(actor=SYSTEM) == 1
    check.refresh_from_db()
    assert (check.status, check.result, check.provider) == (CheckStatus.DONE, "pass", "sandbox")
    assert check.completed_at is not None
    assert Outbox.objects.filter(user=people.worker_a, kind="background_check.done").count() == 1


@pytest.mark.parametrize("outcome", ["pass", "fail", "consider"])
def test_the_sandbox_answers_each_outcome_on_request(people, settings, outcome):
    check = finished_check(people.worker_a, settings, outcome)
    assert (check.status, check.result, check.provider_result) == (CheckStatus.DONE, outcome, outcome)


def test_a_magic_name_chooses_the_sandbox_outcome(people, settings):
    people.worker_a.name = "Li Na (consider)"
    people.worker_a.save(update_fields=["name"])
    assert finished_check(people.worker_a, settings, "pass").result == "consider"


def test_a_provider_that_is_down_leaves_the_check_requested_and_the_sweep_retries(people, settings):
    people.worker_a.name = "Li Na (down)"
    people.worker_a.save(update_fields=["name"])
    check = request_background_check(actor=people.worker_a, consent=True)
    assert submit_background_check(actor=SYSTEM, check_id=check.pk).status == CheckStatus.REQUESTED
    people.worker_a.name = "Li Na"
    people.worker_a.save(update_fields=["name"])
    sweep_background_checks(actor=SYSTEM, now=timezone.now() + timedelta(minutes=5))
    check.refresh_from_db()
    assert check.status == CheckStatus.IN_PROGRESS


def test_a_second_request_while_one_runs_is_refused(people):
    request_background_check(actor=people.worker_a, consent=True)
    with pytest.raises(DomainError) as caught:
        request_background_check(actor=people.worker_a, consent=True)
    assert caught.value.code == "background_check_running"


def test_the_badge_shows_for_a_pass_within_a_year_only(people, settings):
    assert "background_checked" not in badges(people.worker_a)
    finished_check(people.worker_b, settings, "fail")
    assert "background_checked" not in badges(people.worker_b)
    check = finished_check(people.worker_a, settings, "pass")
    assert "background_checked" in badges(people.worker_a)
    BackgroundCheck.objects.filter(pk=check.pk).update(completed_at=timezone.now() - timedelta(days=366))
    assert "background_checked" not in badges(people.worker_a)


def test_a_dispute_marked_passed_by_an_operator_gives_the_badge_and_keeps_the_providers_answer(people, settings):
    # given: a check that came back "consider"
    check = finished_check(people.worker_a, settings, "consider")
    with pytest.raises(ValidationFailed):
        dispute_background_check(actor=people.worker_a, check_id=check.pk, statement="  ")
    # when: the worker disputes it and an operator marks it passed with a note
    dispute = dispute_background_check(actor=people.worker_a, check_id=check.pk,
                                       statement="The record is of another person with my name.")
    with pytest.raises(DomainError) as caught:
        dispute_background_check(actor=people.worker_a, check_id=check.pk, statement="Again")
    assert caught.value.code == "background_check_dispute_open"
    with pytest.raises(ValidationFailed):  # a pass needs a note
        decide_dispute(actor=people.operator, dispute_id=dispute.pk, decision="pass")
    with pytest.raises(DomainError):  # workers do not decide
        decide_dispute(actor=people.worker_a, dispute_id=dispute.pk, decision="pass", note="Mine")
    decide_dispute(actor=people.operator, dispute_id=dispute.pk, decision="pass", note="Court record shows another ID")
    # then
    check.refresh_from_db()
    dispute.refresh_from_db()
    assert (check.result, check.provider_result, check.result_note) == ("pass", "consider",
                                                                        "Court record shows another ID")
    assert dispute.status == DisputeStatus.PASSED and dispute.decided_by == people.operator
    assert "background_checked" in badges(people.worker_a)
    assert Outbox.objects.filter(user=people.worker_a, kind="background_check.dispute_decided").exists()
    with pytest.raises(DomainError) as caught:
        decide_dispute(actor=people.operator, dispute_id=dispute.pk, decision="reject", note="No")
    assert caught.value.code == "background_check_dispute_decided"


def test_a_dispute_upheld_with_a_re_check_waits_for_the_workers_fresh_consent(people, settings):
    check = finished_check(people.worker_a, settings, "fail")
    dispute = dispute_background_check(actor=people.worker_a, check_id=check.pk, statement="Wrong person")
    decide_dispute(actor=people.operator, dispute_id=dispute.pk, decision="recheck")
    again = BackgroundCheck.objects.filter(worker=people.worker_a).exclude(pk=check.pk).get()
    assert (again.status, again.reason, again.consented_at) == (CheckStatus.AWAITING_CONSENT, "dispute", None)
    sweep_background_checks(actor=SYSTEM, now=timezone.now() + timedelta(minutes=5))
    again.refresh_from_db()
    assert again.status == CheckStatus.AWAITING_CONSENT  # nothing goes to the provider before consent
    assert request_background_check(actor=people.worker_a, consent=True).pk == again.pk
    again.refresh_from_db()
    assert again.status == CheckStatus.REQUESTED and again.consented_at is not None


def test_a_passed_check_cannot_be_disputed(people, settings):
    check = finished_check(people.worker_a, settings, "pass")
    with pytest.raises(DomainError) as caught:
        dispute_background_check(actor=people.worker_a, check_id=check.pk, statement="Why not")
    assert caught.value.code == "background_check_not_disputable"


def test_a_year_after_the_last_check_beat_asks_the_worker_to_consent_to_a_new_one_once(people, settings):
    check = finished_check(people.worker_a, settings, "pass")
    assert request_yearly_rechecks(actor=SYSTEM) == 0  # not a year yet
    BackgroundCheck.objects.filter(pk=check.pk).update(completed_at=timezone.now() - timedelta(days=366))
    assert request_yearly_rechecks(actor=SYSTEM) == 1
    assert request_yearly_rechecks(actor=SYSTEM) == 0  # once
    new = BackgroundCheck.objects.filter(worker=people.worker_a).exclude(pk=check.pk).get()
    assert (new.status, new.reason) == (CheckStatus.AWAITING_CONSENT, "yearly")
    assert Outbox.objects.filter(user=people.worker_a, kind="background_check.consent_needed").count() == 1


# -- pages --------------------------------------------------------------------------------------------

def signed_in(user):
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def test_the_page_refuses_a_request_without_the_ticked_consent_and_shows_why(people):
    client = signed_in(people.worker_a)
    response = client.post("/worker/credentials/background-check/", {})
    assert response.status_code == 400
    assert "Tick the box to consent" in response.content.decode()
    assert not BackgroundCheck.objects.filter(worker=people.worker_a).exists()
    response = client.post("/worker/credentials/background-check/", {"consent": "on"}, follow=True)
    page = response.content.decode()
    assert "your background check is requested" in page and 'data-testid="check-status"' in page
    assert "Request a background check" not in page  # one at a time


def test_the_worker_disputes_on_the_page_and_the_operator_decides_on_the_console(people, settings):
    check = finished_check(people.worker_a, settings, "fail")
    worker = signed_in(people.worker_a)
    assert "Dispute this result" in worker.get("/worker/credentials/").content.decode()
    response = worker.post(f"/worker/credentials/background-check/{check.pk}/dispute/",
                           {"statement": "Not me"}, follow=True)
    assert "Your dispute was sent." in response.content.decode()
    dispute = check.disputes.get()

    assert signed_in(people.worker_a).get("/console/background-checks/").status_code == 403
    console = signed_in(people.operator)
    assert "Not me" in console.get("/console/background-checks/").content.decode()
    response = console.post(f"/console/background-checks/disputes/{dispute.pk}/decide/",
                            {"decision": "pass"}, follow=True)
    assert "Write a note saying why." in response.content.decode()
    response = console.post(f"/console/background-checks/disputes/{dispute.pk}/decide/",
                            {"decision": "pass", "note": "Namesake"}, follow=True)
    assert "Marked as pass." in response.content.decode()
    page = worker.get("/worker/credentials/").content.decode()
    assert "Upheld: marked as pass" in page and "Namesake" in page
