"""The qualification review queue: SLA order, approval, and rejections that take two operators."""
from datetime import timedelta

import pytest
from django.utils import timezone

from shared_apps.changes.models import Change
from shared_apps.core.errors import DomainError, PermissionDenied
from shared_apps.credentials.selectors import badges_for, review_queue
from shared_apps.credentials.services import (
    approve_credential,
    confirm_rejection,
    propose_rejection,
    resubmit_credential,
    submit_credential,
)
from shared_apps.notifications.models import Outbox

from .support import health_input, id_card_input, second_operator


def test_the_queue_puts_the_nearest_deadline_first_and_marks_overdue(people):
    late = submit_credential(actor=people.worker_a, data=health_input())
    fresh = submit_credential(actor=people.worker_b, data=id_card_input())
    type(late).objects.filter(pk=late.pk).update(review_due_at=timezone.now() - timedelta(hours=1))
    queue = list(review_queue())
    assert [c.pk for c in queue] == [late.pk, fresh.pk]
    assert queue[0].is_overdue and not queue[1].is_overdue


def test_one_operator_cannot_reject_alone(people):
    credential = submit_credential(actor=people.worker_a, data=health_input())
    propose_rejection(actor=people.operator, credential_id=credential.pk, reason_code="unreadable", note="Blurred")
    credential.refresh_from_db()
    assert credential.status == "submitted"  # only proposed

    with pytest.raises(DomainError) as error:
        confirm_rejection(actor=people.operator, credential_id=credential.pk)
    assert error.value.code == "credential_four_eyes"
    with pytest.raises(DomainError):  # nor overrule their own proposal by approving
        approve_credential(actor=people.operator, credential_id=credential.pk)
    credential.refresh_from_db()
    assert credential.status == "submitted"


def test_a_second_operator_confirms_the_rejection_and_the_worker_is_told(people):
    other = second_operator()
    credential = submit_credential(actor=people.worker_a, data=health_input())
    propose_rejection(actor=people.operator, credential_id=credential.pk, reason_code="unreadable", note="Blurred")
    confirm_rejection(actor=other, credential_id=credential.pk)
    credential.refresh_from_db()
    assert (credential.status, credential.reason_code, credential.reason_note) == ("rejected", "unreadable", "Blurred")
    assert credential.reviewed_by == other
    change = Change.objects.get(action="credential.rejected", target_id=credential.pk)
    assert change.data["proposed_by"] == people.operator.pk and change.actor == other
    assert Outbox.objects.filter(user=people.worker_a, kind="credential.rejected").exists()


def test_only_operators_review(people):
    credential = submit_credential(actor=people.worker_a, data=health_input())
    with pytest.raises(PermissionDenied):
        approve_credential(actor=people.worker_b, credential_id=credential.pk)


def test_a_rejection_needs_a_reason_code(people):
    credential = submit_credential(actor=people.worker_a, data=health_input())
    with pytest.raises(DomainError) as error:
        propose_rejection(actor=people.operator, credential_id=credential.pk, reason_code="")
    assert "reason_code" in error.value.fields


def test_the_worker_resubmits_a_rejected_credential_and_it_is_queued_again(people):
    other = second_operator()
    credential = submit_credential(actor=people.worker_a, data=health_input())
    propose_rejection(actor=people.operator, credential_id=credential.pk, reason_code="expired_document")
    confirm_rejection(actor=other, credential_id=credential.pk)

    resubmit_credential(actor=people.worker_a, credential_id=credential.pk, data=health_input(issuer="Haidian CDC"))
    credential.refresh_from_db()
    assert (credential.status, credential.reason_code, credential.issuer) == ("submitted", "", "Haidian CDC")
    assert credential.rejection_proposed_by is None
    assert credential in review_queue()
    with pytest.raises(DomainError):  # a submitted one cannot be resubmitted
        resubmit_credential(actor=people.worker_a, credential_id=credential.pk, data=health_input())


def test_badges_come_from_approved_unexpired_credentials(people):
    id_card = submit_credential(actor=people.worker_a, data=id_card_input())
    health = submit_credential(actor=people.worker_a, data=health_input())
    assert badges_for([people.worker_a.pk]) == {}
    approve_credential(actor=people.operator, credential_id=id_card.pk)
    approve_credential(actor=people.operator, credential_id=health.pk)
    assert [code for code, _ in badges_for([people.worker_a.pk])[people.worker_a.pk]] == ["id_verified",
                                                                                        "health_checked"]
    type(health).objects.filter(pk=health.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    assert [code for code, _ in badges_for([people.worker_a.pk])[people.worker_a.pk]] == ["id_verified"]
