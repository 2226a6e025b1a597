"""What the real adapters share: the gateway base URL and the injected transport."""
from __future__ import annotations

import json

from ..interface import GatewayError, ProviderConfig
from ..transport import HttpResponse, Transport, UrllibTransport


class GatewayAdapter:
    name = ""
    DEFAULT_GATEWAY = ""
    REQUIRED_SECRETS: tuple[str, ...] = ()

    def __init__(self, config: ProviderConfig, transport: Transport | None = None):
        self.config = config
        for secret in self.REQUIRED_SECRETS:
            config.secret(secret)  # refuse a config that lacks a key now, not on the first payment
        self.gateway = (config.gateway_url or self.DEFAULT_GATEWAY).rstrip("/")
        self.transport = transport or UrllibTransport()

    @property
    def partner(self) -> bool:
        from ..interface import AccountMode

        return self.config.mode == AccountMode.PARTNER

    @staticmethod
    def json_of(response: HttpResponse) -> dict:
        try:
            data = json.loads(response.body or b"{}")
        except ValueError:
            raise GatewayError(f"answer {response.status} is not JSON") from None
        if not isinstance(data, dict):
            raise GatewayError(f"answer {response.status} is not a JSON object")
        return data
