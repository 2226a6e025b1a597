"""Sign-up runs the set-up steps the tenant apps name in COMPANY_SETUP_STEPS, inside the new
company's schema and the sign-up transaction (tenants imports no tenant app)."""
import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection

from tenant_apps.catalog.models import Service
from tenant_apps.people.models import StaffMember
from tenants.models import StaffRole
from tenants.setup import check_company_setup_steps
from tests.tenants.test_sign_up_company import nothing_was_created, post_signup, signup_payload

RAN: list[tuple] = []


def record_step(*, actor, company):
    RAN.append(("record", connection.schema_name, company.slug, actor.email))


def failing_step(*, actor, company):
    raise RuntimeError("set-up failed")


@pytest.fixture(autouse=True)
def _clear():
    RAN.clear()


def test_the_default_steps_make_the_owner_and_the_starter_catalog(client_for, db):
    from django_tenants.utils import schema_context

    assert post_signup(client_for, signup_payload()).status_code == 201

    with schema_context("c_charlie"):
        owner = StaffMember.objects.select_related("user").get()
        assert (owner.user.email, owner.role) == ("owner@charlie.example", StaffRole.OWNER)
        assert Service.objects.exists()


def test_steps_run_in_order_inside_the_new_schema_with_the_owner_as_actor(client_for, db, settings):
    settings.COMPANY_SETUP_STEPS = [
        "tenant_apps.people.setup.add_owner", f"{__name__}.record_step",
    ]

    response = post_signup(client_for, signup_payload())

    assert response.status_code == 201, response.json()
    assert RAN == [("record", "c_charlie", "charlie", "owner@charlie.example")]


def test_a_failing_step_leaves_no_company_schema_or_user_behind(client_for, db, settings):
    from shared_apps.accounts.models import User

    users = User.objects.count()
    settings.COMPANY_SETUP_STEPS = [
        "tenant_apps.people.setup.add_owner", "tenant_apps.catalog.setup.install_starter", f"{__name__}.failing_step",
    ]

    with pytest.raises(RuntimeError, match="set-up failed"):
        post_signup(client_for, signup_payload())

    assert nothing_was_created(user_count=users)


def test_a_misspelt_step_fails_the_system_check(settings):
    settings.COMPANY_SETUP_STEPS = ["tenant_apps.people.setup.add_owner", "tenant_apps.nope.setup.step"]

    errors = check_company_setup_steps()

    assert [e.id for e in errors] == ["tenants.E001"]
    assert "tenant_apps.nope.setup.step" in errors[0].msg
    with pytest.raises(SystemCheckError, match="tenants.E001"):
        call_command("check")
