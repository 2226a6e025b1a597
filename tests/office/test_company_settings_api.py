"""The company's profile and brand in the back office: who reads, who changes, and the logo."""
import io

import pytest
from PIL import Image

from tenants.models import Company


def png_bytes(colour=(26, 127, 100)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def png_file(name="logo.png"):
    upload = io.BytesIO(png_bytes())
    upload.name = name
    return upload


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.mark.parametrize("who", ["owner_a", "dispatcher_a", "worker_a"])
def test_any_staff_member_reads_the_company_profile(client_for, people, who):
    response = client_for(people.company_a, getattr(people, who)).get("/api/v1/office/company/")

    assert response.status_code == 200
    body = response.json()
    assert (body["slug"], body["name"], body["vertical"], body["logo_url"]) == (
        "alpha", "Alpha Cleaning", "housekeeping", None)
    assert body["domains"] == ["alpha.localhost"]


def test_customers_cannot_read_the_company_profile(client_for, people):
    assert client_for(people.company_a, people.customer_a).get("/api/v1/office/company/").status_code == 403


def test_an_owner_changes_the_brand(client_for, people):
    change = {"name": "Alpha Clean Co", "primary_color": "#123abc", "default_language": "zh-hans"}

    response = client_for(people.company_a, people.owner_a).patch("/api/v1/office/company/", change, format="json")

    assert response.status_code == 200
    assert (response.json()["name"], response.json()["primary_color"]) == ("Alpha Clean Co", "#123abc")
    company = Company.objects.get(pk=people.company_a.pk)
    assert (company.name, company.default_language) == ("Alpha Clean Co", "zh-hans")


def test_a_brand_change_is_seen_at_once_on_the_next_request(client_for, people):
    owner = client_for(people.company_a, people.owner_a)
    owner.get("/api/v1/office/company/")  # the host lookup is cached

    owner.patch("/api/v1/office/company/", {"name": "Renamed"}, format="json")

    assert client_for(people.company_a, people.worker_a).get("/api/v1/office/company/").json()["name"] == "Renamed"


@pytest.mark.parametrize("payload", [{"primary_color": "red"}, {"accent_color": "#12345"},
                                     {"default_language": "fr"}, {"name": ""}, {"name": "x" * 101}])
def test_a_bad_brand_is_a_field_error(client_for, people, payload):
    response = client_for(people.company_a, people.owner_a).patch("/api/v1/office/company/", payload, format="json")

    assert response.status_code == 400
    assert set(response.json()["fields"]) == set(payload)
    assert Company.objects.get(pk=people.company_a.pk).name == "Alpha Cleaning"


@pytest.mark.parametrize("who", ["dispatcher_a", "worker_a", "customer_a"])
def test_only_owners_and_admins_change_the_brand(client_for, people, who):
    response = client_for(people.company_a, getattr(people, who)).patch(
        "/api/v1/office/company/", {"name": "Hijacked"}, format="json")

    assert response.status_code == 403
    assert Company.objects.get(pk=people.company_a.pk).name == "Alpha Cleaning"


def test_a_logo_upload_is_stored_under_the_company_and_served(client_for, people, media_root):
    client = client_for(people.company_a, people.owner_a)

    response = client.patch("/api/v1/office/company/", {"logo": png_file()}, format="multipart")

    assert response.status_code == 200, response.json()
    logo_url = response.json()["logo_url"]
    assert logo_url.startswith(f"/media/tenants/{people.company_a.pk}/brand/") and logo_url.endswith(".png")
    stored = list((media_root / "tenants" / str(people.company_a.pk) / "brand").iterdir())
    assert [p.read_bytes() for p in stored] == [png_bytes()]
    served = client_for(people.company_a).get(logo_url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == png_bytes()


def test_a_file_that_is_not_an_image_is_refused(client_for, people, media_root):
    fake = io.BytesIO(b"#!/bin/sh\necho pwned\n")
    fake.name = "logo.png"

    response = client_for(people.company_a, people.owner_a).patch(
        "/api/v1/office/company/", {"logo": fake}, format="multipart")

    assert response.status_code == 400
    assert "logo" in response.json()["fields"]
    assert not (media_root / "tenants").exists()


@pytest.mark.parametrize("path", ["/media/tenants/../../etc/passwd", "/media/tenants/%2e%2e/%2e%2e/etc/passwd",
                                  "/media/tenants/..%2f..%2fpyproject.toml"])
def test_media_serving_never_leaves_the_media_root(client_for, company_a, media_root, path):
    (media_root / "secret.txt").write_text("secret")

    response = client_for(company_a).get(path)

    assert response.status_code in (400, 404)
    assert b"secret" not in response.content


def test_a_logo_over_two_megabytes_is_refused(client_for, people, media_root):
    big = io.BytesIO(png_bytes() + b"\0" * (2 * 1024 * 1024))
    big.name = "logo.png"

    response = client_for(people.company_a, people.owner_a).patch("/api/v1/office/company/", {"logo": big},
                                                                  format="multipart")

    assert response.status_code == 400
    assert response.json()["fields"]["logo"] == ["Use an image of at most 2 MB."]
