"""Reporting a problem: only a finished visit, within the window of its service's category (the
company's setting, else its trade's default), with photos stripped of EXIF and the visit's evidence
attached."""
from __future__ import annotations

from datetime import timedelta

import pytest
from PIL import Image

from shared_apps.core.errors import DomainError
from tenant_apps.aftersales.models import CaseStatus, ReportWindow, TimerKind
from tenant_apps.aftersales.selectors import report_window_hours
from tenant_apps.orders.photos import photo_url  # noqa: F401 - the evidence is served as completion photos are
from tests.aftersales.conftest import completed_at, jpeg_with_exif


def test_a_cleaning_company_gives_a_day_by_default_and_a_category_setting_wins(world):
    order = world.done_order()
    done = completed_at(order)
    assert report_window_hours(category_id=world.service.category_id, vertical="housekeeping") == 24
    assert report_window_hours(category_id=world.service.category_id, vertical="repairs") == 7 * 24

    with pytest.raises(DomainError) as late:
        world.report(order, now=done + timedelta(hours=24, minutes=1))
    assert late.value.code == "report_window_closed"

    ReportWindow.objects.create(category_id=world.service.category_id, hours=72)
    case = world.report(order, now=done + timedelta(hours=71))
    assert case.status == CaseStatus.OPEN
    assert case.report_deadline == done + timedelta(hours=72)


def test_a_visit_not_done_yet_cannot_be_reported(world):
    from shared_apps.core.actor import SYSTEM
    from tenant_apps.orders.services import booking

    order = booking.mark_order_paid(actor=SYSTEM, order=world.book())
    with pytest.raises(DomainError) as refused:
        world.report(order, now=order.ends_at)
    assert refused.value.code == "not_reportable"


def test_the_report_carries_the_worker_s_photos_and_arrival_and_strips_the_customer_s_exif(world):
    order = world.done_order(photos=[jpeg_with_exif("done.jpg")])
    case = world.report(order, photos=[jpeg_with_exif()])

    assert case.evidence["photo_ids"] == list(order.photos.values_list("pk", flat=True))
    assert case.evidence["arrival"]["latitude"].startswith("31.")
    assert case.worker_id == order.worker_id
    stored = case.photos.get()
    with stored.image.open("rb") as handle, Image.open(handle) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        assert b"secret comment" not in stored.image.open("rb").read()
    assert sorted(case.timers.values_list("kind", flat=True)) == sorted(TimerKind.values)


def test_a_second_open_case_on_the_same_order_is_refused(world):
    order = world.done_order()
    world.report(order)
    with pytest.raises(DomainError) as twice:
        world.report(order)
    assert twice.value.code == "case_exists"
