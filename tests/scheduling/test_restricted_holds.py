"""A restricted account cannot hold times either (the order step refuses it; a hold it can never book
would only block a worker's calendar)."""
from shared_apps.accounts.services import set_user_status
from tenant_apps.scheduling.models import Assignment
from tests.scheduling.test_holds_api import hold, world  # noqa: F401 - the fixture is used by name


def test_a_restricted_customer_cannot_hold_a_time(client_for, people, world):  # noqa: F811
    set_user_status(actor=people.operator, user=people.customer_a, status="restricted", reason="chargebacks")
    ann = client_for(world.company, people.customer_a)

    refused = hold(ann, world, 10)

    assert refused.status_code == 403
    assert refused.json()["code"] == "account_restricted"
    assert "restricted" in refused.json()["message"]
    assert not Assignment.objects.filter(worker_id=world.worker.pk).exists()


def test_a_restored_customer_holds_again(client_for, people, world):  # noqa: F811
    set_user_status(actor=people.operator, user=people.customer_a, status="restricted", reason="chargebacks")
    set_user_status(actor=people.operator, user=people.customer_a, status="active")

    assert hold(client_for(world.company, people.customer_a), world, 10).status_code == 201
