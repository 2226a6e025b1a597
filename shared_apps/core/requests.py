"""What a request tells services about its client (IP, agent, host)."""
import ipaddress

from django.conf import settings

from shared_apps.accounts.services import ClientInfo


def client_info(request) -> ClientInfo:
    return ClientInfo(
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        host=request.get_host() if request.META.get("HTTP_HOST") else "",
    )


def client_ip(request) -> str | None:
    """The client's address as rate limits must see it.

    With TRUSTED_PROXY_HOPS = 0 (no proxy in front) it is the peer's address and X-Forwarded-For is
    ignored: anyone can write that header. Behind N trusted proxies, each appends the address it
    received from, so the N-th entry from the right is the one our first proxy saw; entries further
    left were written by the client and are never believed. A header with fewer entries than hops
    did not come through our proxies: the peer's address is used.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    hops = settings.TRUSTED_PROXY_HOPS
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < hops:
        return remote
    candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
