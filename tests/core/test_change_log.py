"""Every write service records who did what in the change log of the schema it acts in (the public
schema for console actions, the company's for company actions), in the same transaction."""
from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token

from shared_apps.accounts.services import api_token_for, set_user_status
from shared_apps.changes.models import Change
from shared_apps.changes.services import record_change
from tenant_apps.people.models import StaffMember, StaffRole
from tenant_apps.people.services import change_staff_member
from tenants.services import add_custom_domain, update_branding


def test_banning_a_user_deletes_their_tokens_and_records_who_and_why(people):
    api_token_for(people.customer_b)

    set_user_status(actor=people.operator, user=people.customer_b, status="banned", reason="Fake orders")

    assert not Token.objects.filter(user=people.customer_b).exists()
    change = Change.objects.get(action="user.banned", target_id=people.customer_b.pk)
    assert (change.actor_id, change.reason, change.data) == (people.operator.pk, "Fake orders",
                                                             {"from": "active", "to": "banned"})


def test_a_ban_whose_record_fails_leaves_the_user_and_tokens_as_they_were(people, monkeypatch):
    import shared_apps.accounts.services as accounts

    api_token_for(people.customer_b)

    def broken(**kwargs):
        raise RuntimeError("the change log is down")

    monkeypatch.setattr(accounts, "record_change", broken)
    with pytest.raises(RuntimeError):
        set_user_status(actor=people.operator, user=people.customer_b, status="banned", reason="Fake orders")

    people.customer_b.refresh_from_db()
    assert people.customer_b.status == "active"
    assert Token.objects.filter(user=people.customer_b).exists()


def test_company_actions_are_recorded_in_the_company_schema(people, in_schema):
    company = people.company_a
    with in_schema(company.schema_name):
        dispatcher = StaffMember.objects.get(user=people.dispatcher_a)
        change_staff_member(actor=people.owner_a, company=company, member=dispatcher, role=StaffRole.ADMIN)
        update_branding(actor=people.owner_a, company=company, primary_color="#123456")
        add_custom_domain(actor=people.owner_a, company=company, domain="book.alpha-cleaning.example")
        recorded = {c.action: (c.actor_id, c.target_id, c.data) for c in Change.objects.filter(
            action__in=["staff_member.changed", "company.branding_changed", "company.domain_added"])}

    assert recorded == {
        "staff_member.changed": (people.owner_a.pk, dispatcher.pk, {
            "from": {"role": "dispatcher", "is_active": True}, "to": {"role": "admin", "is_active": True}}),
        "company.branding_changed": (people.owner_a.pk, company.pk, {"primary_color": "#123456"}),
        "company.domain_added": (people.owner_a.pk, company.pk, {"domain": "book.alpha-cleaning.example"}),
    }
    assert not Change.objects.filter(action="staff_member.changed").exists()  # public's log has none of it


def test_the_system_is_recorded_by_name(people, in_schema):
    from shared_apps.core.actor import SYSTEM

    with in_schema(people.company_a.schema_name):
        change = record_change(actor=SYSTEM, action="test.done", target_id=1, data={"when": people.company_a})

    assert (change.actor_id, change.actor_name, change.data) == (None, "system", {"when": people.company_a.pk})
