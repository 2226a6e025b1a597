"""Review test set-up: company A's order world (tests/orders/conftest.py) and visits taken to
"completed" through the real services, paid online first."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from shared_apps.core.actor import SYSTEM
from tenant_apps.orders.services import booking, lifecycle
from tests.orders.conftest import World
from tests.workforce.builders import SHANGHAI


@pytest.fixture
def world(people):
    return World(people)


def paid(world: World, *, hour: int = 10):
    order = world.book(hour=hour)
    return booking.mark_order_paid(actor=SYSTEM, order=order, reference=f"pay-{order.pk}")


def finish(world: World, *, hour: int = 10):
    """A visit of customer_a booked, paid online and done by its worker: status completed."""
    order = paid(world, hour=hour)
    worker = order.worker
    user = worker.staff_member.user
    order = lifecycle.accept_task(actor=user, worker=worker, order=order)
    order = lifecycle.set_off(actor=user, worker=worker, order=order, eta_minutes=20)
    order = lifecycle.arrive(actor=user, worker=worker, order=order, location=(SHANGHAI.latitude, SHANGHAI.longitude))
    order = lifecycle.start_service(actor=user, worker=worker, order=order, now=order.starts_at)
    return lifecycle.complete_task(actor=user, worker=worker, order=order, note="Done", now=order.ends_at)


def image_bytes(kind: str = "PNG", *, name: str = "visit.png", color: str = "teal", exif: bool = False) -> io.BytesIO:
    """A small image; with `exif`, a JPEG carrying a GPS position and a camera serial."""
    image = Image.new("RGB", (16, 12), color)
    out = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "PhoneMaker"  # Make
        data[0xA431] = "SERIAL-12345"  # BodySerialNumber
        data[0x0112] = 1  # Orientation
        data[0x8825] = {1: "N", 2: (31.0, 13.0, 49.0), 3: "E", 4: (121.0, 28.0, 25.0)}  # GPS
        image.save(out, "JPEG", exif=data)
    else:
        image.save(out, kind)
    out.seek(0)
    out.name = name
    return out
