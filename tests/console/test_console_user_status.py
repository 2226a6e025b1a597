"""Operators warn, restrict, ban and restore users from the console API; nobody else can."""
import pytest

from shared_apps.accounts.models import ConsoleRole, User


def url(user_id):
    return f"/api/v1/console/users/{user_id}/status/"


def test_an_operator_bans_a_user_with_a_reason(client_for, people):
    response = client_for(None, people.operator).post(url(people.worker_b.pk), {"status": "banned", "reason": "fraud"},
                                                      format="json")

    assert response.status_code == 200
    assert response.json()["status"] == "banned"
    user = User.objects.get(pk=people.worker_b.pk)
    assert (user.status, user.status_reason, user.is_active) == ("banned", "fraud", False)


@pytest.mark.parametrize("who", ["owner_a", "owner_b", "dispatcher_a", "shared_worker", "customer_a"])
def test_non_operators_cannot_change_anyones_status(client_for, people, who):
    response = client_for(None, getattr(people, who)).post(url(people.worker_b.pk), {"status": "banned"},
                                                           format="json")

    assert response.status_code == 403
    assert User.objects.get(pk=people.worker_b.pk).status == "active"


def test_an_operator_on_a_company_host_finds_no_console(client_for, people):
    response = client_for(people.company_a, people.operator).post(url(people.worker_a.pk), {"status": "banned"},
                                                                  format="json")

    assert response.status_code == 404
    assert User.objects.get(pk=people.worker_a.pk).status == "active"


def test_an_operator_cannot_change_their_own_status(client_for, people):
    response = client_for(None, people.operator).post(url(people.operator.pk), {"status": "banned"}, format="json")

    assert response.status_code == 400
    assert "status" in response.json()["fields"]


def test_a_banned_operator_loses_the_console(client_for, people):
    other = User.objects.create_user(email="ops2@doorstep.example", password="x-long-passphrase",
                                     console_role=ConsoleRole.SUPPORT)
    client = client_for(None, other)
    assert client.get("/api/v1/console/companies/").status_code == 200

    client_for(None, people.operator).post(url(other.pk), {"status": "banned"}, format="json")

    assert client.get("/api/v1/console/companies/").status_code == 401


@pytest.mark.parametrize("user_id", ["null,null", "-1", "0", "99999999999999999999", "1;DROP TABLE", "999999"])
def test_odd_or_unknown_user_ids_are_not_found(client_for, people, user_id):
    response = client_for(None, people.operator).post(url(user_id), {"status": "banned"}, format="json")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


@pytest.mark.parametrize("payload", [{"status": "deleted"}, {}, {"status": "banned", "reason": "x" * 256}])
def test_a_bad_status_change_is_a_field_error(client_for, people, payload):
    response = client_for(None, people.operator).post(url(people.worker_b.pk), payload, format="json")

    assert response.status_code == 400
    assert set(response.json()["fields"]) & {"status", "reason"}


def test_support_staff_cannot_ban_a_super_admin(client_for, people):
    support = User.objects.create_user(phone="+8615000150009", password="x-long-passphrase",
                                       console_role=ConsoleRole.SUPPORT)

    response = client_for(None, support).post(url(people.operator.pk), {"status": "banned"}, format="json")

    assert response.status_code == 403
    assert User.objects.get(pk=people.operator.pk).status == "active"


def test_support_staff_can_warn_a_customer(client_for, people):
    support = User.objects.create_user(phone="+8615000150009", password="x-long-passphrase",
                                       console_role=ConsoleRole.SUPPORT)

    response = client_for(None, support).post(url(people.customer_a.pk), {"status": "warned"}, format="json")

    assert response.status_code == 200
