"""Every upload (logo, catalog photo, completion photo) has a size limit and a content check from its
bytes: an oversized file is a field error (and is not kept), a text file named .jpg is refused."""
from __future__ import annotations

import io

import pytest
from django_tenants.utils import schema_context
from PIL import Image

from tenant_apps.catalog.models import Service

MB = 1024 * 1024


def upload(content: bytes, name: str) -> io.BytesIO:
    f = io.BytesIO(content)
    f.name = name
    return f


def picture(fmt="PNG", name="pic.png") -> io.BytesIO:
    image = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(image, fmt)
    image.seek(0)
    image.name = name
    return image


def fifty_megabytes() -> io.BytesIO:
    """A real PNG header followed by 50 MB: only its size is wrong."""
    return upload(picture().read() + b"\0" * (50 * MB), "huge.png")


@pytest.fixture
def owner(client_for, people):
    return client_for(people.company_a, people.owner_a)


@pytest.fixture
def service_id(people):
    with schema_context(people.company_a.schema_name):
        return Service.objects.order_by("pk").first().pk


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_a_50_mb_catalog_photo_is_a_field_error(owner, service_id, tmp_path):
    response = owner.post(f"/api/v1/office/catalog/services/{service_id}/photos/", {"image": fifty_megabytes()},
                          format="multipart")

    assert response.status_code == 400
    assert response.json()["fields"]["image"] == ["This file is larger than 10 MB."]
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_a_50_mb_logo_is_a_field_error(owner):
    response = owner.patch("/api/v1/office/company/", {"logo": fifty_megabytes()}, format="multipart")

    assert response.status_code == 400
    assert response.json()["fields"]["logo"] == ["This file is larger than 10 MB."]


@pytest.mark.parametrize("name", ["photo.jpg", "photo.png", "photo.webp"])
def test_a_text_file_with_an_image_name_is_refused(owner, service_id, name):
    catalog = owner.post(f"/api/v1/office/catalog/services/{service_id}/photos/",
                         {"image": upload(b"hello, I am text", name)}, format="multipart")
    logo = owner.patch("/api/v1/office/company/", {"logo": upload(b"hello, I am text", name)}, format="multipart")

    assert catalog.status_code == 400 and "image" in catalog.json()["fields"]
    assert logo.status_code == 400 and "logo" in logo.json()["fields"]


def test_an_image_in_a_format_pages_cannot_show_is_refused(owner, service_id):
    response = owner.post(f"/api/v1/office/catalog/services/{service_id}/photos/",
                          {"image": picture("TIFF", "scan.tiff")}, format="multipart")

    assert response.status_code == 400
    assert response.json()["fields"]["image"] == ["Upload a JPEG, PNG or WebP image."]


def test_a_normal_photo_is_still_accepted(owner, service_id):
    response = owner.post(f"/api/v1/office/catalog/services/{service_id}/photos/", {"image": picture()},
                          format="multipart")

    assert response.status_code == 201, response.json()


def test_the_office_brand_page_marks_an_oversized_logo(people):
    from django.test import Client

    client = Client(HTTP_HOST="alpha.localhost")
    client.force_login(people.owner_a)

    response = client.post("/office/brand/", {"name": "Alpha Cleaning", "primary_color": "#112233",
                                               "accent_color": "#445566", "default_language": "en",
                                               "logo": fifty_megabytes()})

    assert response.status_code in (200, 400)
    assert "This file is larger than 10 MB." in response.content.decode()
