"""The office places a worker's home base by typing its address, as customers' addresses are placed
(geocoder, else the district's centre), never by typing coordinates; an address nobody can place
without a district is refused on the field."""
import pytest
from django_tenants.utils import schema_context
from playwright.sync_api import expect

from tests.e2e.test_worker_app import sign_in_with_password
from tests.support import People

pytestmark = pytest.mark.e2e


@pytest.fixture
def huangpu(world):
    """A district of company A, and worker A's profile as it was, put back afterwards."""
    from tenant_apps.catalog import services as catalog
    from tenant_apps.catalog.models import Zone
    from tenant_apps.people.models import StaffMember
    from tenant_apps.workforce.services import ensure_worker_profile

    with schema_context(world.company_a.schema_name):
        member = StaffMember.objects.get(user=world.worker_a)
        profile = ensure_worker_profile(actor=world.owner_a, member=member)
        kept = {name: getattr(profile, name) for name in (
            "home_latitude", "home_longitude", "home_address", "home_is_approximate", "service_radius_km")}
        zone = catalog.create_zone(actor=world.owner_a, values={
            "name": {"en": "Huangpu E2E"}, "kind": "radius", "center_latitude": 31.2304,
            "center_longitude": 121.4737, "radius_km": 8})
    yield member
    with schema_context(world.company_a.schema_name):
        type(profile).objects.filter(pk=profile.pk).update(**kept)
        Zone.objects.filter(pk=zone.pk).delete()


def test_the_office_sets_a_workers_home_base_by_its_address(live, page, world, huangpu):
    page.goto(live.url("alpha", "/office/login/"))
    sign_in_with_password(page, People.PHONES["owner_a"])
    page.goto(live.url("alpha", f"/office/workers/{huangpu.pk}/"))
    form = page.locator("#profile-form")
    expect(form.get_by_label("Home latitude")).to_have_count(0)  # nobody types coordinates

    form.get_by_label("Home address").fill("8 Bund Road, Room 1201")
    form.get_by_role("button", name="Save profile").click()
    expect(page.locator("#profile-form")).to_contain_text("We could not find this address")

    form = page.locator("#profile-form")
    expect(form.get_by_label("Home address")).to_have_value("8 Bund Road, Room 1201")  # kept to correct
    form.get_by_label("Home district").select_option(label="Huangpu E2E")
    form.get_by_role("button", name="Save profile").click()

    expect(page.get_by_text("The profile is saved.")).to_be_visible()
    expect(page.locator("#profile-form").get_by_label("Home address")).to_have_value("8 Bund Road, Room 1201")
    expect(page.locator("#home-base-status")).to_contain_text("placed at the district's centre")
    with schema_context(world.company_a.schema_name):
        from tenant_apps.workforce.models import WorkerProfile

        saved = WorkerProfile.objects.get(pk=huangpu.pk)
        assert (float(saved.home_latitude), float(saved.home_longitude), saved.home_is_approximate) == (
            31.2304, 121.4737, True)
