"""The one way the real adapters (and the sandbox's notification sender) talk HTTP. Injectable: tests
give an adapter a recording transport and assert the signed request; nothing reaches the network."""
from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlsplit, urlunsplit

from .interface import GatewayError


@dataclass(frozen=True)
class HttpRequest:
    method: str
    url: str
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: Mapping[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Transport(Protocol):
    def send(self, request: HttpRequest) -> HttpResponse: ...


class UrllibTransport:
    """Plain urllib with a timeout. A host under `.localhost` is dialled at 127.0.0.1 with its name
    in the Host header (Python's resolver does not resolve `<slug>.localhost`, browsers do)."""

    def __init__(self, timeout: float = 10.0):
        self.timeout = timeout

    def send(self, request: HttpRequest) -> HttpResponse:
        url, headers = request.url, dict(request.headers)
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise GatewayError(f"refusing a {parts.scheme!r} URL")
        host = parts.hostname or ""
        if host.endswith(".localhost"):
            netloc = "127.0.0.1" + (f":{parts.port}" if parts.port else "")
            headers.setdefault("Host", parts.netloc)
            url = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
        raw = urllib.request.Request(url, data=request.body or None, method=request.method,  # noqa: S310
                                     headers=headers)
        try:
            with urllib.request.urlopen(raw, timeout=self.timeout) as response:  # noqa: S310 - checked scheme
                return HttpResponse(response.status, dict(response.headers.items()), response.read())
        except urllib.error.HTTPError as exc:
            return HttpResponse(exc.code, dict(exc.headers.items()), exc.read())
        except OSError as exc:
            raise GatewayError(f"{request.method} {parts.scheme}://{parts.netloc}{parts.path}: {exc}") from exc
