"""After-sales test set-up: company A's order world (tests/orders/conftest.World) with a visit walked
to completion by the real services, with a completion photo and an arrival position."""
from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from shared_apps.core.actor import SYSTEM
from tests.orders.conftest import World
from tests.workforce.builders import SHANGHAI


def jpeg_with_exif(name: str = "photo.jpg") -> SimpleUploadedFile:
    """A real JPEG carrying EXIF (a GPS-ish tag and the camera's make)."""
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x9286] = "secret comment"  # UserComment
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def complete(order, *, photos=()):
    """Walk a paid order through its visit with the real services (at the visit's own times)."""
    from tenant_apps.orders.models import Order
    from tenant_apps.orders.services import lifecycle

    order = Order.objects.select_related("worker__staff_member__user").get(pk=order.pk)
    worker, user, at = order.worker, order.worker.staff_member.user, order.starts_at
    order = lifecycle.accept_task(actor=user, worker=worker, order=order, now=at)
    order = lifecycle.set_off(actor=user, worker=worker, order=order, eta_minutes=5, now=at)
    order = lifecycle.arrive(actor=user, worker=worker, order=order, location=(SHANGHAI.latitude, SHANGHAI.longitude),
                             now=at)
    order = lifecycle.start_service(actor=user, worker=worker, order=order, now=at)
    return lifecycle.complete_task(actor=user, worker=worker, order=order, note="Done", photos=list(photos),
                                   now=order.ends_at)


class CaseWorld(World):
    def done_order(self, *, hour: int = 10, day=None, photos=()):
        from tenant_apps.orders.services import booking

        order = booking.mark_order_paid(actor=SYSTEM, order=self.book(hour=hour, day=day))
        return complete(order, photos=photos)

    def report(self, order, *, category="damage", severity="high", description="The vase broke", photos=(),
               now=None):
        from tenant_apps.aftersales.services.reporting import report_problem

        return report_problem(actor=self.people.customer_a, customer=self.customer, order=order, category=category,
                              severity=severity, description=description, photos=list(photos),
                              now=now or completed_at(order))


def completed_at(order):
    from tenant_apps.orders.after_visit import completed_at_of

    return completed_at_of(order)


@pytest.fixture
def world(people):
    return CaseWorld(people)
