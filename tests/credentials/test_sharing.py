"""Consent: a worker shares a credential with a company, may revoke it; every view is logged."""
import pytest

from shared_apps.core.errors import DomainError, NotFound
from shared_apps.credentials.selectors import shared_with_company, views_of
from shared_apps.credentials.services import (
    open_shared_credential,
    revoke_share,
    share_credential,
    submit_credential,
)

from .support import health_input, id_card_input


def test_a_company_never_sees_an_unshared_credential(people):
    credential = submit_credential(actor=people.shared_worker, data=id_card_input())
    assert not shared_with_company(people.company_a.pk).exists()
    with pytest.raises(NotFound):
        open_shared_credential(actor=people.owner_a, company=people.company_a, credential_id=credential.pk)
    assert views_of(people.shared_worker) == []


def test_sharing_with_one_company_leaves_the_other_blind(people):
    credential = submit_credential(actor=people.shared_worker, data=health_input())
    share_credential(actor=people.shared_worker, credential_id=credential.pk, company_id=people.company_a.pk)
    assert list(shared_with_company(people.company_a.pk)) == [credential]
    assert not shared_with_company(people.company_b.pk).exists()
    with pytest.raises(NotFound):
        open_shared_credential(actor=people.owner_b, company=people.company_b, credential_id=credential.pk)


def test_every_view_is_logged_and_revoking_ends_access(people):
    credential = submit_credential(actor=people.shared_worker, data=health_input())
    share = share_credential(actor=people.shared_worker, credential_id=credential.pk, company_id=people.company_a.pk)
    open_shared_credential(actor=people.owner_a, company=people.company_a, credential_id=credential.pk)
    open_shared_credential(actor=people.dispatcher_a, company=people.company_a, credential_id=credential.pk)
    looked = views_of(people.shared_worker)
    assert [(v.company_name, v.viewer_name) for v in looked] == [("Alpha Cleaning", "Dina Dispatcher"),
                                                                 ("Alpha Cleaning", "Ann Owner")]

    revoke_share(actor=people.shared_worker, share_id=share.pk)
    assert not shared_with_company(people.company_a.pk).exists()
    with pytest.raises(NotFound):
        open_shared_credential(actor=people.owner_a, company=people.company_a, credential_id=credential.pk)
    assert len(views_of(people.shared_worker)) == 2  # a refused look is not a view


def test_a_worker_shares_only_their_own_credential_with_their_own_company(people):
    mine = submit_credential(actor=people.worker_a, data=health_input())
    with pytest.raises(DomainError) as error:
        share_credential(actor=people.worker_a, credential_id=mine.pk, company_id=people.company_b.pk)
    assert error.value.code == "credential_not_your_company"
    with pytest.raises(NotFound):
        share_credential(actor=people.worker_b, credential_id=mine.pk, company_id=people.company_b.pk)
    with pytest.raises(NotFound):
        share = share_credential(actor=people.worker_a, credential_id=mine.pk, company_id=people.company_a.pk)
        revoke_share(actor=people.worker_b, share_id=share.pk)


def test_sharing_twice_keeps_one_open_consent(people):
    credential = submit_credential(actor=people.worker_a, data=health_input())
    first = share_credential(actor=people.worker_a, credential_id=credential.pk, company_id=people.company_a.pk)
    again = share_credential(actor=people.worker_a, credential_id=credential.pk, company_id=people.company_a.pk)
    assert first.pk == again.pk
