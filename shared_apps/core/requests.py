"""What a request tells services about its client (IP, agent, host)."""
from shared_apps.accounts.services import ClientInfo


def client_info(request) -> ClientInfo:
    # Behind the deploy's proxy, REMOTE_ADDR is set from X-Forwarded-For by gunicorn's
    # forwarded_allow_ips; the header itself is never trusted here.
    return ClientInfo(
        ip=request.META.get("REMOTE_ADDR") or None,
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        host=request.get_host() if request.META.get("HTTP_HOST") else "",
    )
