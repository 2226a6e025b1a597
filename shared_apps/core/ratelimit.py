"""Fixed-window counters in Redis, shared by every web process (SMS codes, failed logins).

They fail closed: with Redis unreachable nothing can be counted, so the attempt is refused with a
503 (`rate_limit_unavailable`) instead of being let through uncounted (issue 13 point 9).
"""
import functools

from django.core.cache import caches
from django.utils.translation import gettext as _

from .errors import DomainError
from .outages import REDIS_DOWN


def _fails_closed(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except REDIS_DOWN as exc:
            raise DomainError(
                "rate_limit_unavailable",
                _("Signing in is paused for a moment while we cannot count attempts. Please try again in a few "
                  "minutes."),
                status=503,
            ) from exc

    return wrapper


@_fails_closed
def hit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt under `key`; True while the window has room, False once over the limit."""
    return take(key, window_seconds=window_seconds) <= limit


@_fails_closed
def take(key: str, *, window_seconds: int) -> int:
    """Count one attempt under `key` (one atomic INCR) and return the count including it.

    Checking a count and adding to it later can be raced (40 parallel tries all read 9); taking
    the slot first and deciding on the returned number cannot."""
    cache = caches["platform"]
    full_key = f"rl:{key}"
    cache.add(full_key, 0, timeout=window_seconds)
    try:
        count = cache.incr(full_key)
    except ValueError:  # expired between add and incr
        cache.set(full_key, 1, timeout=window_seconds)
        count = 1
    return count


@_fails_closed
def give_back(key: str) -> None:
    """Return a slot taken by `take` for an attempt that turned out not to count (a right password)."""
    try:
        caches["platform"].decr(f"rl:{key}")
    except ValueError:  # the window ended meanwhile
        pass


def seconds_left(key: str) -> int | None:
    try:
        ttl = caches["platform"].ttl(f"rl:{key}")
    except REDIS_DOWN:  # only for the wording of a refusal: say no time rather than fail it
        return None
    return ttl if isinstance(ttl, int) and ttl > 0 else None


@_fails_closed
def count(key: str) -> int:
    return int(caches["platform"].get(f"rl:{key}") or 0)


@_fails_closed
def reset(key: str) -> None:
    caches["platform"].delete(f"rl:{key}")
