"""Completion photos are private to the order's people: they see them through signed links that
expire (ORDER_PHOTO_URL_SECONDS), served by order_photo below, never from the public media URL.

The link is made only for someone who may see the order (customer, its worker, the office) and
names the company and the photo; it works on that company's host only.
"""
from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse

from shared_apps.accounts.access import anyone
from shared_apps.core.signed_photos import on_company_host, photo_id_of, serve_photo, signed_photo_path

from .models import Order, OrderPhoto

_SALT = "doorstep.order-photo"


def photo_url(photo: OrderPhoto) -> str:
    """An absolute, signed, expiring link on the company's own host (the worker app is elsewhere)."""
    return on_company_host(signed_photo_path(salt=_SALT, url_name="order-photo", photo_id=photo.pk))


def photo_urls(order: Order) -> list[str]:
    return [photo_url(photo) for photo in order.photos.all()]


@anyone  # the signature is the permission: made only for the order's people, and it expires
def order_photo(request: HttpRequest, token: str) -> HttpResponse:
    photo_id = photo_id_of(request, token, salt=_SALT)
    if isinstance(photo_id, HttpResponse):
        return photo_id
    photo = OrderPhoto.objects.filter(pk=photo_id).first()
    if photo is None:
        raise Http404
    return serve_photo(photo.image)
