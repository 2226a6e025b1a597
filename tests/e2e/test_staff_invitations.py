"""An office invites someone by phone; they accept in the worker app (390x844) and only then join."""
import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.e2e.test_worker_app import sign_in_with_password
from tests.support import People

pytestmark = pytest.mark.e2e


@pytest.fixture
def cleanup(world):
    yield
    from shared_apps.changes.models import Change
    from tenant_apps.people.models import StaffInvitation, StaffMember
    from tenant_apps.workforce.models import WorkerProfile
    from tenants.models import Affiliation

    with schema_context(world.company_a.schema_name):
        Change.objects.filter(action__in=["worker.invited", "worker.joined", "staff.invited", "staff.joined",
                                          "worker.profile_created"]).delete()
        StaffInvitation.objects.filter(user=world.worker_b).delete()
        WorkerProfile.objects.filter(staff_member__user=world.worker_b).delete()
        StaffMember.objects.filter(user=world.worker_b).delete()
    Affiliation.objects.filter(user=world.worker_b, company=world.company_a).delete()


def test_a_worker_accepts_an_invitation_in_the_worker_app(live, new_page, world, cleanup):
    office = new_page()
    office.goto(live.url("alpha", "/office/login/"))
    sign_in_with_password(office, People.PHONES["owner_a"])
    office.goto(live.url("alpha", "/office/workers/"))
    office.get_by_role("textbox", name="Mobile number").fill(People.PHONES["worker_b"])
    office.get_by_role("button", name="Invite worker").click()
    expect(office.get_by_text("Invitation sent to +8613900139003")).to_be_visible()
    office.goto(live.url("alpha", "/office/staff/"))
    expect(office.locator("#invitations")).to_contain_text("+8613900139003")
    expect(office.locator("#staff-table")).not_to_contain_text(world.worker_b.name)

    worker = new_page()
    worker.goto(live.url(None, "/worker/login/"))
    sign_in_with_password(worker, People.PHONES["worker_b"])
    invitation = worker.locator("#invitations")
    expect(invitation).to_contain_text("Alpha Cleaning invites you to join as Worker.")
    worker.get_by_role("button", name="Accept invitation").click()

    expect(worker.get_by_text("You have joined Alpha Cleaning.")).to_be_visible()
    expect(worker.locator("#companies li").filter(has_text="Alpha Cleaning")).to_be_visible()
    office.goto(live.url("alpha", "/office/staff/"))
    expect(office.locator("#staff-table")).to_contain_text(world.worker_b.name)
