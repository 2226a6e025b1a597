"""When PostgreSQL or Redis is down: which errors say so, and the 503 the visitor gets instead of a 500.

Redis is a cache and a counter here, so most of its outages are absorbed where it is used (the page
caches ignore errors, the host lookup reads the database, rate limits refuse with a 503 of their
own); what is left over, and any database outage, ends in `unavailable_response`.
"""
from __future__ import annotations

import logging

import redis.exceptions
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django_redis.exceptions import ConnectionInterrupted
from kombu.exceptions import OperationalError as BrokerOperationalError

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
# django-redis wraps redis-py's errors in ConnectionInterrupted; the raw ones come from direct clients.
REDIS_DOWN: tuple[type[Exception], ...] = (
    ConnectionInterrupted, redis.exceptions.ConnectionError, redis.exceptions.TimeoutError,
)
DATABASE_DOWN: tuple[type[Exception], ...] = (OperationalError, InterfaceError)
BROKER_DOWN: tuple[type[Exception], ...] = (BrokerOperationalError,)
OUTAGE = REDIS_DOWN + DATABASE_DOWN + BROKER_DOWN


def is_outage(exc: BaseException | None) -> bool:
    return isinstance(exc, OUTAGE)


def unavailable_response(request, exc: BaseException | None = None) -> HttpResponse:
    """503 with Retry-After: JSON in the API's error shape under /api/, a plain page elsewhere.

    Rendered without the request: context processors would read the session and the user, which is
    the database that may be down.
    """
    logger.error("dependency unavailable: %s %s", request.method, request.path, exc_info=exc)
    # The language middleware may not have run (the host lookup is what failed): the visitor's
    # cookie or Accept-Language, which need no database.
    language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language_from_request(request)
    with translation.override(language):
        message = _("This service is temporarily unavailable. Please try again in a minute.")
        if request.path.startswith("/api/"):
            response = JsonResponse({"code": "temporarily_unavailable", "message": message, "fields": {}},
                                    status=503)
        else:
            response = HttpResponse(render_to_string("errors/unavailable.html", {"message": message}), status=503)
        response["Content-Language"] = language
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
