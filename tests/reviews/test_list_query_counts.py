"""Review lists cost the same number of queries for 1 and 15 reviews (each with a photo, a report
and a reply): the public service list (API and service page), the office list (API and page) and the
customer's own list."""
from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tenant_apps.orders.models import Order
from tenant_apps.reviews.models import Review, ReviewPhoto, ReviewReport
from tenant_apps.reviews.services import Scores, post_review
from tests.reviews.conftest import finish


def _grow_to(world, first: Review, size: int) -> None:
    """Copies of the first review's order and review (the lists only read them)."""
    template = Order.objects.get(pk=first.order_id)
    for index in range(Review.objects.count(), size):
        order = Order.objects.get(pk=template.pk)
        order.pk = None
        order.starts_at += timedelta(hours=index)
        order.ends_at += timedelta(hours=index)
        order.save()
        review = Review.objects.create(
            order=order, customer_id=order.customer_id, service_id=order.service_id, worker_id=order.worker_id,
            author=world.people.customer_a, quality=4, attitude=4, skill=4, overall=4, text=f"Visit {index}",
            editable_until=timezone.now(), reply="Thanks", replied_by=world.people.owner_a, replied_at=timezone.now())
        ReviewPhoto.objects.create(review=review, image=f"tenants/x/reviews/{index}.png")
        ReviewReport.objects.create(review=review, reporter=world.people.customer_b, reason="spam")


def _queries(client, path: str, **params) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params)
    assert response.status_code == 200, path
    return len(captured)


# Pinned for the API lists (a page also counts what its other parts read, so only its growth is).
@pytest.mark.parametrize("path, who, pinned", [
    ("/api/v1/catalog/services/{service}/reviews/", None, 6),
    ("/storefront-service/", None, None),
    ("/api/v1/office/reviews/", "owner_a", 8),
    ("/office/reviews/", "owner_a", None),
    ("/api/v1/reviews/", "customer_a", 4),
])
def test_a_review_list_costs_the_same_for_one_and_fifteen_reviews(world, client_for, path, who, pinned):
    first = post_review(actor=world.people.customer_a, order=finish(world),
                        scores=Scores(quality=5, attitude=5, skill=5, overall=5))
    ReviewPhoto.objects.create(review=first, image="tenants/x/reviews/first.png")
    ReviewReport.objects.create(review=first, reporter=world.people.customer_b, reason="spam")
    path = (f"/services/{first.service_id}/" if path == "/storefront-service/"
            else path.format(service=first.service_id))
    user = getattr(world.people, who) if who else None
    if path.startswith("/api/"):
        client = client_for(world.company, user)
    else:
        client = Client(HTTP_HOST=f"{world.company.slug}.localhost")
        if user is not None:
            client.force_login(user)

    _queries(client, path)  # warm: the host's company and the session are cached after the first request
    counts = []
    for size in (1, 15):
        _grow_to(world, first, size)
        connection.set_tenant(world.company)
        counts.append(_queries(client, path))
        connection.set_tenant(world.company)

    assert counts[0] == counts[1], f"{path}: {counts}"
    if pinned is not None:
        assert counts[0] == pinned, f"{path}: {counts}"
