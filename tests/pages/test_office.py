"""The back office pages: dashboard, brand and staff."""
import pytest

from tenant_apps.people.models import StaffMember


@pytest.fixture
def owner(page_client, people):
    return page_client(people.company_a, people.owner_a)


def test_the_dashboard_counts_the_staff(owner):
    html = owner.get("/office/").content.decode()
    assert "Welcome to the office of Alpha Cleaning" in html
    assert '<div class="stat"><strong>2</strong>Workers</div>' in html
    assert '<div class="stat"><strong>2</strong>Office staff</div>' in html


def test_the_owner_changes_the_brand_and_the_site_shows_it(owner, page_client, people, in_schema):
    response = owner.post("/office/brand/", {
        "name": "Alpha Sparkle", "primary_color": "#123456", "accent_color": "#abcdef", "default_language": "en",
    })
    assert response.status_code == 302
    html = page_client(people.company_a).get("/").content.decode()
    assert "--brand-primary: #123456; --brand-accent: #abcdef;" in html
    assert "<h1>Alpha Sparkle</h1>" in html


def test_a_bad_colour_is_shown_on_its_field(owner):
    response = owner.post("/office/brand/", {
        "name": "Alpha", "primary_color": "red", "accent_color": "#abcdef", "default_language": "en",
    })
    assert response.status_code == 200
    assert "Enter a valid value." in response.content.decode()


def test_the_owner_uploads_a_logo(owner, page_client, people, settings, tmp_path):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = str(tmp_path)
    buffer = BytesIO()
    Image.new("RGB", (8, 8), "#ff0000").save(buffer, "PNG")
    logo = SimpleUploadedFile("logo.png", buffer.getvalue(), content_type="image/png")
    response = owner.post("/office/brand/", {
        "name": "Alpha Cleaning", "primary_color": "#1a7f64", "accent_color": "#f2a900", "default_language": "en",
        "logo": logo,
    })
    assert response.status_code == 302
    html = page_client(people.company_a).get("/").content.decode()
    assert f'<img src="/media/tenants/{people.company_a.pk}/brand/' in html
    assert '<meta property="og:image" content="http://alpha.localhost/media/tenants/' in html


def test_the_owner_invites_a_worker_by_phone(owner, in_schema, company_a):
    response = owner.post("/office/staff/add/", {"phone": "139 8765 4321", "role": "worker"})
    assert response.status_code == 302
    with in_schema(company_a.schema_name):
        assert not StaffMember.objects.filter(user__phone="+8613987654321").exists()
    page = owner.get("/office/staff/").content.decode()
    assert "Invitation sent to +8613987654321. They join when they accept it." in page
    assert 'id="invitations"' in page and "+8613987654321" in page


@pytest.mark.parametrize(("data", "message"), [
    ({"phone": "12", "role": "worker"}, "Enter a valid mobile number"),
    ({"phone": "+8613800138003", "role": "worker"}, "This number is already on your staff."),
])
def test_adding_staff_explains_what_is_wrong(owner, data, message):
    response = owner.post("/office/staff/add/", data)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_the_owner_changes_a_role_and_deactivates_with_htmx(owner, people, in_schema, company_a):
    with in_schema(company_a.schema_name):
        worker = StaffMember.objects.get(user=people.worker_a)
    row = owner.post(f"/office/staff/{worker.pk}/", {"role": "dispatcher"}, HTTP_HX_REQUEST="true")
    assert row.status_code == 200
    assert row.content.decode().startswith(f'<tr id="staff-{worker.pk}">')
    assert '<option value="dispatcher" selected>' in row.content.decode()
    row = owner.post(f"/office/staff/{worker.pk}/", {"is_active": "0"}, HTTP_HX_REQUEST="true")
    assert "Deactivated" in row.content.decode()
    with in_schema(company_a.schema_name):
        worker.refresh_from_db()
    assert worker.role == "dispatcher" and worker.is_active is False


def test_the_last_owner_cannot_step_down_and_is_told_why(owner, people, in_schema, company_a):
    with in_schema(company_a.schema_name):
        me = StaffMember.objects.get(user=people.owner_a)
    row = owner.post(f"/office/staff/{me.pk}/", {"is_active": "0"}, HTTP_HX_REQUEST="true")
    assert row.status_code == 200
    assert "A company keeps at least one active owner." in row.content.decode()
    page = owner.post(f"/office/staff/{me.pk}/", {"role": "worker"}, follow=True)
    assert "A company keeps at least one active owner." in page.content.decode()


def test_staff_of_another_company_cannot_be_changed(page_client, people, in_schema, company_b):
    with in_schema(company_b.schema_name):
        bravo_worker = StaffMember.objects.get(user=people.worker_b)
    client = page_client(people.company_a, people.owner_a)
    response = client.post(f"/office/staff/{bravo_worker.pk + 1000}/", {"role": "admin"})
    assert response.status_code == 404
    assert client.post("/office/staff/not-a-number/", {"role": "admin"}).status_code == 404
