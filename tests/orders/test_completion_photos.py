"""Completion photos are private to the order's people: signed links that expire, served only on the
company's own host; the public media URL refuses them. Uploads are limited in size and checked."""
from __future__ import annotations

import io

import pytest
from django_tenants.utils import schema_context
from PIL import Image

from shared_apps.core.actor import SYSTEM
from tenant_apps.orders.models import Order, OrderPhoto, OrderSettings
from tenant_apps.orders.services import booking
from tests.conftest import HostClient
from tests.orders.test_orders_api import _book_over_http


def png(name="done.png", color="teal") -> io.BytesIO:
    image = io.BytesIO()
    Image.new("RGB", (8, 8), color).save(image, "PNG")
    image.seek(0)
    image.name = name
    return image


@pytest.fixture
def finished(world, client_for, people, settings, tmp_path):
    """An order the worker completed with one photo; (customer client, order data, worker app client)."""
    settings.MEDIA_ROOT = str(tmp_path)
    customer, data = _book_over_http(world, client_for)
    order = booking.mark_order_paid(actor=SYSTEM, order=Order.objects.get(pk=data["id"]))
    app = client_for(None, order.worker.staff_member.user)
    base = f"/api/v1/worker/companies/{world.company.pk}/tasks/{order.pk}/"
    with schema_context(world.company.schema_name):  # the visit is days ahead: this company allows that
        OrderSettings.objects.update_or_create(pk=1, defaults={"early_start_minutes": 7 * 24 * 60})
    early = {"early_reason": "The customer asked"}
    for step, body in (("accept/", {}), ("depart/", {"eta_minutes": 5}),
                       ("arrive/", {"latitude": 31.2304, "longitude": 121.4737}), ("start/", early)):
        assert app.post(base + step, body).status_code == 200, step
    done = app.post(base + "complete/", {"note": "Done", "photos": [png()], **early}, format="multipart")
    assert done.status_code == 200, done.json()
    return customer, order, app, base


def _fetch(url: str):
    host, path = url.split("://", 1)[1].split("/", 1)
    return HostClient(host.split(":")[0]).get("/" + path)


def test_the_orders_people_get_a_signed_link_that_shows_the_photo(finished, client_for, people, world):
    customer, order, app, base = finished

    mine = customer.get(f"/api/v1/orders/{order.pk}/").json()["photos"]
    office = client_for(world.company, people.owner_a).get(f"/api/v1/office/orders/{order.pk}/").json()["photos"]
    worker = app.get(base).json()["photos"]

    assert len(mine) == len(office) == len(worker) == 1
    assert mine[0].startswith("http://alpha.localhost")
    shown = _fetch(mine[0])
    assert shown.status_code == 200
    assert b"".join(shown.streaming_content).startswith(b"\x89PNG")
    assert "private" in shown["Cache-Control"]


def test_the_public_media_url_refuses_completion_photos(finished, client_for, world, people):
    _customer, order, _app, _base = finished
    with schema_context(world.company.schema_name):
        name = OrderPhoto.objects.get(order=order).image.name

    assert name.startswith(f"tenants/{world.company.pk}/orders/")
    assert client_for(world.company).get(f"/media/{name}").status_code == 404
    assert client_for(people.company_b).get(f"/media/{name}").status_code == 404
    assert client_for(None).get(f"/media/{name}").status_code == 404


def test_a_link_without_a_valid_signature_is_refused(finished, world):
    customer, order, _app, _base = finished
    url = customer.get(f"/api/v1/orders/{order.pk}/").json()["photos"][0]
    token = url.rstrip("/").rsplit("/", 1)[1]
    with schema_context(world.company.schema_name):
        photo_id = OrderPhoto.objects.get(order=order).pk

    assert HostClient("alpha.localhost").get(f"/order-photos/{photo_id}/").status_code == 403
    assert HostClient("alpha.localhost").get(f"/order-photos/{token[:-2]}xx/").status_code == 403


def test_an_expired_link_is_refused(finished, settings):
    customer, order, _app, _base = finished
    url = customer.get(f"/api/v1/orders/{order.pk}/").json()["photos"][0]

    settings.ORDER_PHOTO_URL_SECONDS = -1

    assert _fetch(url).status_code == 403


def test_a_link_on_another_companys_host_finds_nothing(finished):
    customer, order, _app, _base = finished
    url = customer.get(f"/api/v1/orders/{order.pk}/").json()["photos"][0]

    assert _fetch(url.replace("alpha.localhost", "bravo.localhost")).status_code == 404


def test_a_text_file_named_jpg_is_not_a_completion_photo(world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    _customer, data = _book_over_http(world, client_for)
    order = booking.mark_order_paid(actor=SYSTEM, order=Order.objects.get(pk=data["id"]))
    app = client_for(None, order.worker.staff_member.user)
    base = f"/api/v1/worker/companies/{world.company.pk}/tasks/{order.pk}/"
    for step, body in (("accept/", {}), ("depart/", {"eta_minutes": 5}),
                       ("arrive/", {"latitude": 31.2304, "longitude": 121.4737}), ("start/", {})):
        app.post(base + step, body)
    fake = io.BytesIO(b"this is not a picture at all")
    fake.name = "photo.jpg"

    response = app.post(base + "complete/", {"note": "Done", "photos": [fake]}, format="multipart")

    assert response.status_code == 400
    assert any(key.startswith("photos") for key in response.json()["fields"]), response.json()
    with schema_context(world.company.schema_name):
        assert not OrderPhoto.objects.filter(order=order).exists()
