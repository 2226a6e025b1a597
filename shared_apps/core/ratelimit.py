"""Fixed-window counters in Redis, shared by every web process (SMS codes, failed logins)."""
from django.core.cache import caches


def hit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt under `key`; True while the window has room, False once over the limit."""
    cache = caches["platform"]
    full_key = f"rl:{key}"
    cache.add(full_key, 0, timeout=window_seconds)
    try:
        count = cache.incr(full_key)
    except ValueError:  # expired between add and incr
        cache.set(full_key, 1, timeout=window_seconds)
        count = 1
    return count <= limit


def count(key: str) -> int:
    return int(caches["platform"].get(f"rl:{key}") or 0)


def reset(key: str) -> None:
    caches["platform"].delete(f"rl:{key}")
